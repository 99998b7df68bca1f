using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Peeps.Wire.Framing;
using static Peeps.Testing.SampleBatches;

namespace Peeps.EndToEnd.Tests.Streams;

/// <summary><c>GET /metrics</c>: the service's counters in Prometheus text format, with the values the traffic implies.</summary>
public sealed partial class MetricsEndpointTests : IAsyncLifetime
{
    private PeepsServer _server = null!;

    public async Task InitializeAsync() => _server = await PeepsServer.StartAsync();

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    private async Task<string> ScrapeAsync()
    {
        using var response = await _server.Http.GetAsync("/metrics");
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    private static double Value(string text, string series)
    {
        var line = text.Split('\n').SingleOrDefault(l => l.StartsWith(series + " ", StringComparison.Ordinal));
        return line is null ? double.NaN : double.Parse(line[(series.Length + 1)..], CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task Ingest_and_store_counters_equal_what_was_sent_and_committed()
    {
        const int batches = 5;
        const int changesPerBatch = 20;
        long bytes = 0;
        using (var client = _server.Connect())
        {
            var handshake = FrameCodec.Encode(Encoding.UTF8.GetBytes("""{"handshake":{"process_name":"metered","pid":5}}"""));
            await client.SendRawAsync(handshake);
            bytes += handshake.Length;
            for (var i = 0; i < batches; i++)
            {
                var frame = FrameCodec.Encode(Encoding.UTF8.GetBytes(Upserts("proc:5", (ulong)(i * changesPerBatch), changesPerBatch)));
                await client.SendRawAsync(frame);
                bytes += frame.Length;
            }
            await Eventually.Until(ScrapeAsync, t => Value(t, "peeps_store_changes_total") == batches * changesPerBatch, what: "changes committed");
            Assert.Equal(1, Value(await ScrapeAsync(), "peeps_ingest_connections"));
        }

        var text = await Eventually.Until(ScrapeAsync,
            t => Value(t, "peeps_ingest_connections") == 0 && Value(t, "peeps_store_queue_depth") == 0,
            what: "the connection closed and its closed row committed");
        Assert.Equal(batches * changesPerBatch, Value(text, "peeps_ingest_changes_total"));
        Assert.Equal(batches, Value(text, "peeps_ingest_batches_total"));
        Assert.Equal(batches + 1, Value(text, "peeps_ingest_frames_total"));
        Assert.Equal(bytes, Value(text, "peeps_ingest_bytes_total"));
        Assert.Equal(1, Value(text, "peeps_ingest_connections_accepted_total"));
        var commits = Value(text, "peeps_store_commits_total");
        Assert.InRange(commits, 1, batches + 3);
        Assert.Equal(commits, Value(text, "peeps_store_commit_duration_seconds_count"));
        Assert.True(Value(text, "peeps_store_commit_duration_seconds_sum") > 0);
    }

    [Fact]
    public async Task Sql_queries_are_counted_by_endpoint_and_outcome()
    {
        (await _server.Http.PostAsJsonAsync("/api/sql", new { sql = "select 1" })).EnsureSuccessStatusCode();
        await _server.Http.PostAsJsonAsync("/api/sql", new { sql = "delete from connections" });
        await _server.Http.PostAsJsonAsync("/api/query", new { name = "blockers" });

        var text = await ScrapeAsync();

        Assert.Equal(1, Value(text, "peeps_sql_queries_total{endpoint=\"sql\",outcome=\"ok\"}"));
        Assert.Equal(1, Value(text, "peeps_sql_queries_total{endpoint=\"sql\",outcome=\"rejected\"}"));
        Assert.Equal(1, Value(text, "peeps_sql_queries_total{endpoint=\"query\",outcome=\"ok\"}"));
        Assert.Equal(1, Value(text, "peeps_sql_query_duration_seconds_count{endpoint=\"sql\",outcome=\"ok\"}"));
    }

    [Fact]
    public async Task A_query_stopped_at_the_time_bound_is_counted_as_a_timeout_with_its_duration()
    {
        await using var bounded = await PeepsServer.StartAsync(settings: ["Peeps:Sql:TimeLimit=00:00:00.200"]);

        using var response = await bounded.Http.PostAsJsonAsync("/api/sql", new { sql = "with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n" });

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        using var scrape = await bounded.Http.GetAsync("/metrics");
        var text = await scrape.Content.ReadAsStringAsync();
        Assert.Equal(1, Value(text, "peeps_sql_queries_total{endpoint=\"sql\",outcome=\"timeout\"}"));
        Assert.Equal(1, Value(text, "peeps_sql_query_duration_seconds_count{endpoint=\"sql\",outcome=\"timeout\"}"));
        // The query ran until the bound stopped it, so its recorded time is at least the bound.
        Assert.True(Value(text, "peeps_sql_query_duration_seconds_sum{endpoint=\"sql\",outcome=\"timeout\"}") >= 0.2);
        Assert.True(double.IsNaN(Value(text, "peeps_sql_queries_total{endpoint=\"sql\",outcome=\"ok\"}")), "no query succeeded");
    }

    [Fact]
    public async Task While_the_writer_is_stalled_metrics_still_answer_with_the_backlog_and_catch_up_after()
    {
        const int batches = 20;
        const int changesPerBatch = 50;
        using var client = _server.Connect();
        await client.HandshakeAsync("stalled", 7);
        await Eventually.Until(ScrapeAsync, t => Value(t, "peeps_store_queue_depth") == 0 && Value(t, "peeps_store_commits_total") >= 1,
            what: "the connection's opened row committed");
        var commitsBefore = Value(await ScrapeAsync(), "peeps_store_commits_total");

        await using var blocker = new SqliteConnection($"Data Source={_server.DbPath}");
        await blocker.OpenAsync();
        await Execute(blocker, "BEGIN IMMEDIATE");
        for (var i = 0; i < batches; i++) await client.SendJsonAsync(Upserts("proc:7", (ulong)(i * changesPerBatch), changesPerBatch));

        // How many batches the pipeline reads ahead of a held writer depends on how groups are bounded (by weight and
        // expected commit time); half of them is well inside any of those bounds and plenty to show a backlog.
        var stalled = await Eventually.Until(ScrapeWithinAsync,
            t => Value(t, "peeps_ingest_changes_total") >= batches / 2 * changesPerBatch && Value(t, "peeps_store_queue_depth") > 0,
            what: "changes received and waiting while the writer is held");
        Assert.Equal(1, Value(stalled, "peeps_ingest_connections"));
        // At most the commit that was in flight when the lock was taken; nothing of the held batches lands.
        Assert.InRange(Value(stalled, "peeps_store_commits_total"), commitsBefore, commitsBefore + 1);
        Assert.True(Value(stalled, "peeps_store_changes_total") < batches * changesPerBatch, "the backlog shows as received minus committed");

        await Execute(blocker, "COMMIT");
        var caughtUp = await Eventually.Until(ScrapeAsync,
            t => Value(t, "peeps_store_changes_total") == batches * changesPerBatch && Value(t, "peeps_store_queue_depth") == 0,
            TimeSpan.FromSeconds(30), "the backlog committed once the writer is free");
        Assert.True(Value(caughtUp, "peeps_store_commits_total") > commitsBefore);
    }

    /// <summary>A scrape that must answer within a few seconds: it reads counters and must not wait for the writer.</summary>
    private async Task<string> ScrapeWithinAsync()
    {
        using var prompt = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        using var response = await _server.Http.GetAsync("/metrics", prompt.Token);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadAsStringAsync(prompt.Token);
    }

    private static async Task Execute(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    [Fact]
    public async Task Cuts_and_snapshots_are_counted_once_recorded()
    {
        (await _server.Http.PostAsync("/api/cuts", null)).EnsureSuccessStatusCode();
        (await _server.Http.PostAsync("/api/snapshot", null)).EnsureSuccessStatusCode();

        var text = await Eventually.Until(ScrapeAsync,
            t => Value(t, "peeps_cuts_recorded_total") == 1 && Value(t, "peeps_snapshots_recorded_total") == 1,
            what: "a cut and a snapshot recorded");
        Assert.Equal(0, Value(text, "peeps_cut_acks_recorded_total"));
    }

    [Fact]
    public async Task Every_line_is_valid_prometheus_text_and_every_instrument_is_listed()
    {
        var text = await ScrapeAsync();

        var typed = new HashSet<string>();
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            if (line.StartsWith("# HELP ", StringComparison.Ordinal)) continue;
            var type = TypeLine().Match(line);
            if (type.Success)
            {
                Assert.True(typed.Add(type.Groups[1].Value), $"TYPE given twice for {type.Groups[1].Value}");
                continue;
            }
            var sample = SampleLine().Match(line);
            Assert.True(sample.Success, $"not a valid sample line: {line}");
            var name = sample.Groups[1].Value;
            Assert.Contains(typed, t => name == t || name == t + "_bucket" || name == t + "_sum" || name == t + "_count");
        }
        string[] expected =
        [
            "peeps_ingest_bytes_total", "peeps_ingest_frames_total", "peeps_ingest_batches_total", "peeps_ingest_changes_total",
            "peeps_ingest_connections", "peeps_ingest_connections_accepted_total", "peeps_store_commits_total", "peeps_store_changes_total",
            "peeps_store_commit_duration_seconds", "peeps_store_group_commands", "peeps_store_queue_depth",
            "peeps_cuts_recorded_total", "peeps_cut_acks_recorded_total", "peeps_snapshots_recorded_total",
            "peeps_sql_queries_total", "peeps_sql_query_duration_seconds",
        ];
        foreach (var name in expected) Assert.Contains(name, typed);
    }

    [GeneratedRegex(@"^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$")]
    private static partial Regex TypeLine();

    [GeneratedRegex("""^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*"(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*")*\})? (-?[0-9.eE+-]+|\+Inf|-Inf|NaN)$""")]
    private static partial Regex SampleLine();
}

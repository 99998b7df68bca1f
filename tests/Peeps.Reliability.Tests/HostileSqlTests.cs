using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Peeps.Reliability.Tests.Support;
using Xunit.Abstractions;
using static Peeps.Testing.SampleBatches;

namespace Peeps.Reliability.Tests;

/// <summary>
/// SQL whose cost sits inside one function call, where the time limit cannot reach, sent four at a time (every
/// query slot) to the server in its own process: each ends within the time limit plus a second with a 422 problem
/// that says which bound it met, the server's resident memory stays under <see cref="PeakRssBound"/>, and a
/// runtime's batches keep being committed meanwhile. Figures are in docs/reliability.md.
/// </summary>
[Trait("Category", "Slow")]
public sealed class HostileSqlTests(ITestOutputHelper output)
{
    private const double MiB = 1024 * 1024;

    /// <summary>
    /// The idle server's ~140 MiB plus SQLite's process-wide heap limit at the defaults (64 MiB writer cache, unused
    /// here, + 128 MiB for SQL + 64 MiB allowance) and the allocator's overhead on it, which four threads freeing
    /// in their own arenas make about half as much again; before the bounds four <c>randomblob(900000000)</c>
    /// alone passed 1 GB.
    /// </summary>
    private const long PeakRssBound = 640L * 1024 * 1024;

    private static readonly TimeSpan TimeLimit = TimeSpan.FromSeconds(5);

    public static TheoryData<string, string> Shapes => new()
    {
        { "select length(randomblob(900000000))", "sql-result-too-large" },
        { "select length(zeroblob(900000000))", "sql-result-too-large" },
        { "select length(printf('%.*c', 900000000, 'x'))", "sql-result-too-large" },
        { "with recursive n(i) as (select 1 union all select i + 1 from n where i < 1000) select length(group_concat(randomblob(100000))) from n", "sql-result-too-large|sql-timeout" },
        { "select length(replace(printf('%.*c', 16000000, 'a'), printf('%.*c', 8000000, 'a') || 'b', 'x'))", "sql-too-costly" },
        { "select instr(zeroblob(16000000), zeroblob(8000000) || x'01')", "sql-too-costly" },
        { "select printf('%.*c', 16000000, 'a') like '%' || printf('%.*c', 100, 'a') || 'b'", "sql-too-costly" },
        { "select printf('%.*c', 16000000, 'a') glob '*' || printf('%.*c', 100, 'a') || 'b'", "sql-too-costly" },
        // A sort kept in memory (temp_store = MEMORY) grows until SQLite's heap limit or the time limit stops it.
        { "with recursive n(i) as (select 1 union all select i + 1 from n where i < 20000000) select count(*) from (select randomblob(4000) r from n order by r)", "sql-too-costly|sql-timeout" },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Four_at_once_end_within_the_time_limit_with_a_clear_error_in_bounded_memory_while_ingest_goes_on(string sql, string problems)
    {
        using var folder = new DatabaseFolder();
        await using var server = await ServerProcess.StartAsync(folder.DbPath, "Logging:LogLevel:Default=Warning", $"Peeps:Sql:TimeLimit={TimeLimit}");
        // /health answers before the ingest port is bound; readiness waits for it.
        await Eventually.Until(async () => (await server.Http.GetAsync("/health/ready")).StatusCode, s => s == HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        using var runtime = RuntimeClient.Connect(new IPEndPoint(IPAddress.Loopback, server.IngestPort));
        await runtime.HandshakeAsync("neighbour", 1);
        // The first commit compiles the write path (tiered compilation is off), which takes seconds on a busy machine.
        await runtime.SendJsonAsync(Upserts("proc:1", 0, 1));
        await Eventually.Until(() => server.CountAsync("select count(*) from delta_batches"), n => n == 1, TimeSpan.FromSeconds(30));
        var sent = 1;
        var idleRss = server.ResidentBytes();

        using var sampling = new CancellationTokenSource();
        var peakRss = SamplePeakAsync(server, sampling.Token);
        var queries = Enumerable.Range(0, 4).Select(_ => TimedAsync(server.Http, sql)).ToArray();
        while (!queries.All(q => q.IsCompleted))
        {
            await runtime.SendJsonAsync(Upserts("proc:1", (ulong)sent, 1));
            sent++;
            await Task.Delay(100);
        }
        var committedDuring = await server.CountAsync("select count(*) from delta_batches");
        sampling.Cancel();
        var peak = await peakRss;

        foreach (var query in queries)
        {
            var (status, body, elapsed) = await query;
            output.WriteLine($"{status} in {elapsed.TotalMilliseconds:F0} ms: {body.GetProperty("error").GetString()}");
            Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
            Assert.Contains(body.GetProperty("type").GetString()!["urn:peeps:problem:".Length..], problems.Split('|'));
            Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetString()));
            Assert.True(elapsed < TimeLimit + TimeSpan.FromSeconds(1), $"took {elapsed}");
        }
        output.WriteLine($"RSS idle {idleRss / MiB:F0} MiB, peak {peak / MiB:F0} MiB; batches sent {sent}, committed while the queries ran {committedDuring}");
        Assert.True(peak < PeakRssBound, $"peak RSS {peak / MiB:F0} MiB");
        // Every batch but the last, sent just before the queries ended, was committed while they ran.
        Assert.True(committedDuring >= sent - 1, $"{committedDuring} of {sent} batches committed\n{server.Output}");
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body, TimeSpan Elapsed)> TimedAsync(HttpClient http, string sql)
    {
        var clock = Stopwatch.StartNew();
        using var response = await http.PostAsJsonAsync("/api/sql", new { sql });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (response.StatusCode, body, clock.Elapsed);
    }

    private static async Task<long> SamplePeakAsync(ServerProcess server, CancellationToken stop)
    {
        long peak = 0;
        while (!stop.IsCancellationRequested)
        {
            peak = Math.Max(peak, server.ResidentBytes());
            await Task.Delay(20, CancellationToken.None);
        }
        return Math.Max(peak, server.ResidentBytes());
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Xunit.Abstractions;
using static Peeps.Testing.SampleBatches;

namespace Peeps.Reliability.Tests;

/// <summary>
/// The SQL surface over HTTP, beyond what Peeps.EndToEnd.Tests (SqlEndpointTests) already covers: the remaining
/// ways to write or reconfigure are refused and change nothing, and one slot's worth of slow SQL turns other
/// queries away as busy while ingest keeps committing.
/// </summary>
public sealed class SqlSurfaceTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const string Runaway = "with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n";

    private PeepsServer _server = null!;
    private long _schemaObjects;

    public async Task InitializeAsync()
    {
        _server = await PeepsServer.StartAsync(settings:
        [
            "Peeps:Sql:MaxConcurrentQueries=1",
            "Peeps:Sql:QueueTimeout=00:00:00.200",
            "Peeps:Sql:TimeLimit=00:00:05",
        ]);
        using var client = _server.Connect();
        await client.HandshakeAsync("seed", 1);
        await client.SendJsonAsync(Upserts("proc:1", 0, 3));
        await Eventually.Until(() => _server.CountAsync("select count(*) from entities"), n => n == 3);
        _schemaObjects = await _server.CountAsync("select count(*) from sqlite_master");
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    [Theory]
    [InlineData("update connections set pid = 1")]
    [InlineData("replace into cuts values ('cut:9', 1)")]
    [InlineData("drop table entities")]
    [InlineData("create table t (x)")]
    [InlineData("create temp table t (x)")]
    [InlineData("create index i on entities(entity_json)")]
    [InlineData("detach database main")]
    [InlineData("begin immediate")]
    [InlineData("savepoint s")]
    [InlineData("pragma writable_schema = on")]
    [InlineData("pragma journal_mode = delete")]
    [InlineData("pragma query_only = off")]
    [InlineData("pragma foreign_keys = off")]
    [InlineData("vacuum")]
    [InlineData("analyze")]
    [InlineData("reindex")]
    [InlineData("select 1; drop table entities")]
    [InlineData("with x as (select 1) delete from entities")]
    public async Task Every_other_write_or_reconfiguration_is_a_400_problem_and_changes_nothing(string sql)
    {
        using var response = await _server.Http.PostAsJsonAsync("/api/sql", new { sql });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetString()));
        Assert.Equal("urn:peeps:problem:sql-rejected", body.GetProperty("type").GetString());
        Assert.Equal(3, await _server.CountAsync("select count(*) from entities"));
        Assert.Equal(0, await _server.CountAsync("select count(*) from sqlite_temp_master"));
        Assert.Equal(_schemaObjects, await _server.CountAsync("select count(*) from sqlite_master"));
    }

    [Fact]
    public async Task With_the_only_slot_taken_by_a_runaway_other_queries_get_503_busy_while_ingest_keeps_committing()
    {
        var clock = Stopwatch.StartNew();
        var runaway = _server.Http.PostAsJsonAsync("/api/sql", new { sql = Runaway });
        // Until the runaway's request has reached the executor, a short query still finds the slot free.
        var (busyStatus, busyBody) = await Eventually.Until(async () =>
        {
            using var response = await _server.Http.PostAsJsonAsync("/api/sql", new { sql = "select 1" });
            return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
        }, r => r.StatusCode != HttpStatusCode.OK, TimeSpan.FromSeconds(2), "a query turned away while the runaway runs");
        var busyAt = clock.Elapsed;

        using var client = _server.Connect();
        await client.HandshakeAsync("ingesting", 2);
        await client.SendJsonAsync(Upserts("proc:2", 0, 10));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, busyStatus);
        Assert.Contains("busy", busyBody.GetProperty("error").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.Equal("urn:peeps:problem:sql-busy", busyBody.GetProperty("type").GetString());
        Assert.False(runaway.IsCompleted, "the runaway finished before the busy check; the test proved nothing");

        // Ingest does not go through the SQL slots: the batch commits while the runaway still holds the only one.
        using var store = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_server.DbPath};Mode=ReadOnly");
        await store.OpenAsync();
        await Eventually.Until(() => Task.FromResult(Count(store, "select count(*) from entities where stream_id = 'proc:2'")), n => n == 10,
            TimeSpan.FromSeconds(2), "committed during the runaway");
        Assert.False(runaway.IsCompleted);

        using var stopped = await runaway;
        var stoppedAt = clock.Elapsed;
        Assert.Equal(HttpStatusCode.UnprocessableEntity, stopped.StatusCode);
        Assert.Contains("time limit", (await stopped.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
        Assert.Equal(13, await _server.CountAsync("select count(*) from entities"));
        output.WriteLine($"busy answered at {busyAt.TotalMilliseconds:F0} ms (queue timeout 200 ms); runaway stopped at {stoppedAt.TotalMilliseconds:F0} ms (limit 5000 ms)");
    }

    private static long Count(Microsoft.Data.Sqlite.SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }
}

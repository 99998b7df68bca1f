using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using static Peeps.Testing.SampleBatches;

namespace Peeps.EndToEnd.Tests.Hosting;

/// <summary>
/// <c>GET /health/ready</c> against a real server: each check turns it 503 with a JSON body naming the failure,
/// and back to 200 when the cause goes; <c>/health</c> answers <c>ok</c> throughout; the gauge follows.
/// </summary>
public sealed class ReadinessTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(10);

    private static readonly string[] Fast = ["Peeps:Readiness:WriterStallAfter=00:00:01", "Peeps:Readiness:MetricInterval=00:00:01"];

    [Fact]
    public async Task A_started_server_is_ready_with_every_check_passing()
    {
        await using var server = await PeepsServer.StartAsync(settings: Fast);

        var (status, body) = await ReadyAsync(server);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body.GetProperty("ready").GetBoolean());
        foreach (var check in new[] { "writer", "journal", "ingest", "disk" })
            Assert.True(body.GetProperty("checks").GetProperty(check).GetProperty("ok").GetBoolean(), check);
    }

    [Fact]
    public async Task A_writer_held_back_by_another_process_makes_the_server_not_ready_within_seconds_and_ready_again_after()
    {
        await using var server = await PeepsServer.StartAsync(settings: Fast);
        using var client = server.Connect();
        await client.HandshakeAsync("held", 1);
        await Eventually.Until(() => server.CountAsync("select count(*) from connections where process_name = 'held'"), n => n == 1);

        await using var blocker = new SqliteConnection($"Data Source={server.DbPath}");
        await blocker.OpenAsync();
        await ExecuteAsync(blocker, "BEGIN IMMEDIATE");
        await client.SendJsonAsync(Upserts("proc:1", 0, 3));
        var clock = Stopwatch.StartNew();
        var (_, stalled) = await Eventually.Until(() => ReadyAsync(server), r => r.Status == HttpStatusCode.ServiceUnavailable, Within);
        var notReadyAfter = clock.Elapsed;

        Assert.False(stalled.GetProperty("ready").GetBoolean());
        var writer = stalled.GetProperty("checks").GetProperty("writer");
        Assert.False(writer.GetProperty("ok").GetBoolean());
        Assert.Contains("WriterStallAfter", writer.GetProperty("detail").GetString());
        Assert.Equal("ok", await server.Http.GetStringAsync("/health"));
        await Eventually.Until(() => server.Http.GetStringAsync("/metrics"), m => m.Contains("peeps_ready{check=\"writer\"} 0"), Within);

        await ExecuteAsync(blocker, "COMMIT");
        clock.Restart();
        await Eventually.Until(() => ReadyAsync(server), r => r.Status == HttpStatusCode.OK, Within);
        var readyAfter = clock.Elapsed;
        Assert.Equal(3, await server.CountAsync("select count(*) from entities where stream_id = 'proc:1'"));
        await Eventually.Until(() => server.Http.GetStringAsync("/metrics"), m => m.Contains("peeps_ready{check=\"writer\"} 1"), Within);
        Console.WriteLine($"not ready {notReadyAfter.TotalSeconds:F1} s after the lock was taken; ready {readyAfter.TotalSeconds:F1} s after it was released");
    }

    [Fact]
    public async Task A_journal_whose_lock_is_held_elsewhere_makes_the_server_not_ready()
    {
        await using var server = await PeepsServer.StartAsync(settings: Fast);
        await using var blocker = new SqliteConnection($"Data Source={server.DbPath}.journal.sqlite");
        await blocker.OpenAsync();
        await ExecuteAsync(blocker, "BEGIN IMMEDIATE");

        var (status, body) = await ReadyAsync(server);
        await ExecuteAsync(blocker, "ROLLBACK");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.False(body.GetProperty("checks").GetProperty("journal").GetProperty("ok").GetBoolean());
        Assert.True(body.GetProperty("checks").GetProperty("writer").GetProperty("ok").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await ReadyAsync(server)).Status);
    }

    [Fact]
    public async Task Free_disk_space_below_the_threshold_makes_the_server_not_ready()
    {
        await using var server = await PeepsServer.StartAsync(settings: [.. Fast, $"Peeps:Readiness:MinFreeDiskBytes={1L << 50}"]);

        var (status, body) = await ReadyAsync(server);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var disk = body.GetProperty("checks").GetProperty("disk");
        Assert.False(disk.GetProperty("ok").GetBoolean());
        Assert.Contains("MinFreeDiskBytes", disk.GetProperty("detail").GetString());
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> ReadyAsync(PeepsServer server)
    {
        using var response = await server.Http.GetAsync("/health/ready");
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}

using Microsoft.Data.Sqlite;

namespace Peeps.EndToEnd.Tests.Hosting;

/// <summary>A run that dies (a crash, a kill) leaves its connection rows open; the next start on the file closes them.</summary>
public sealed class StartupCloseOutTests
{
    private const long LastHeardNs = 1_700_000_000_500_000_000;

    [Fact]
    public async Task Rows_an_earlier_run_left_open_are_closed_at_the_last_time_it_heard_from_them_and_are_not_listed()
    {
        using var folder = new DatabaseFolder();
        var dbPath = folder.DbPath;
        await (await PeepsServer.StartAsync(dbPath)).StopAsync();
        await using (var crashed = new SqliteConnection($"Data Source={dbPath};Pooling=False"))
        {
            // What a killed server leaves: rows of connections it never saw end, one of which had sent batches.
            await crashed.OpenAsync();
            await using var rows = crashed.CreateCommand();
            rows.CommandText = $"""
                INSERT INTO connections VALUES (7, 'was-talking', 70, 1700000000000000000, NULL);
                INSERT INTO connections VALUES (8, 'never-spoke', 80, 1700000000100000000, NULL);
                INSERT INTO connections VALUES (6, 'closed-before', 60, 1600000000000000000, 1600000000900000000);
                INSERT INTO stream_cursors VALUES (7, 'proc:70', 12, {LastHeardNs});
                """;
            await rows.ExecuteNonQueryAsync();
        }

        await using var restarted = await PeepsServer.StartAsync(dbPath);
        using var client = restarted.Connect();
        await client.HandshakeAsync("after-restart", 90);
        await Eventually.Until(() => restarted.CountAsync("select count(*) from connections where process_name = 'after-restart'"), n => n == 1);

        var closed = await restarted.SqlAsync("select conn_id, disconnected_at_ns from connections where conn_id <= 8 order by conn_id");
        Assert.Equal(
            [(6L, 1600000000900000000L), (7L, LastHeardNs), (8L, 1700000000100000000L)],
            closed.Rows.Select(r => (r[0].GetInt64(), r[1].GetInt64())));
        var live = await restarted.GetJsonAsync("/api/connections");
        Assert.Equal(["after-restart"], live.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("process_name").GetString()));
        Assert.Equal(1, await restarted.CountAsync("select count(*) from connections where disconnected_at_ns is null and conn_id > 8"));
    }
}

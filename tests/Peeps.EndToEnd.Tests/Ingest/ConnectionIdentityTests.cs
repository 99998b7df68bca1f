namespace Peeps.EndToEnd.Tests.Ingest;

public sealed class ConnectionIdentityTests
{
    private static async Task<long> ConnectAndIdentifyAsync(PeepsServer server, string name)
    {
        using var client = server.Connect();
        await client.HandshakeAsync(name, 1);
        var rows = await Eventually.Until(() => server.SqlAsync($"select conn_id from connections where process_name = '{name}'"), r => r.RowCount == 1);
        return rows.Rows[0][0].GetInt64();
    }

    [Fact]
    public async Task Connection_ids_continue_across_a_restart_on_the_same_file()
    {
        using var folder = new DatabaseFolder();
        var db = folder.DbPath;
        long first, second;
        await using (var server = await PeepsServer.StartAsync(db))
        {
            first = await ConnectAndIdentifyAsync(server, "before-a");
            second = await ConnectAndIdentifyAsync(server, "before-b");
        }

        await using var restarted = await PeepsServer.StartAsync(db);
        var third = await ConnectAndIdentifyAsync(restarted, "after");

        Assert.True(second > first);
        Assert.True(third > second, $"conn_id {third} after the restart reuses or precedes {second}");
        var names = await restarted.SqlAsync("select process_name from connections order by conn_id");
        Assert.Equal(["before-a", "before-b", "after"], names.Rows.Select(r => r[0].GetString()));
    }
}

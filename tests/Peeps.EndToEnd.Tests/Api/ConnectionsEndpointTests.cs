namespace Peeps.EndToEnd.Tests.Api;

public sealed class ConnectionsEndpointTests : IAsyncLifetime
{
    private PeepsServer _server = null!;

    public async Task InitializeAsync() => _server = await PeepsServer.StartAsync();

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    private async Task<List<(long ConnId, string Name, uint Pid)>> LiveAsync()
    {
        var body = await _server.GetJsonAsync("/api/connections");
        var processes = body.GetProperty("processes").EnumerateArray()
            .Select(p => (p.GetProperty("conn_id").GetInt64(), p.GetProperty("process_name").GetString()!, p.GetProperty("pid").GetUInt32()))
            .ToList();
        Assert.Equal(processes.Count, body.GetProperty("connected_processes").GetInt32());
        return processes;
    }

    [Fact]
    public async Task Health_answers_ok_as_plain_text()
    {
        using var response = await _server.Http.GetAsync("/health");
        Assert.Equal("ok", await response.Content.ReadAsStringAsync());
        Assert.Equal("text/plain", response.Content.Headers.ContentType!.MediaType);
    }

    [Fact]
    public async Task Live_connections_are_sorted_by_name_then_pid_then_conn_id()
    {
        using var b2 = _server.Connect();
        await b2.HandshakeAsync("worker-b", 2);
        using var a9 = _server.Connect();
        await a9.HandshakeAsync("worker-a", 9);
        using var a1 = _server.Connect();
        await a1.HandshakeAsync("worker-a", 1);
        using var a1Again = _server.Connect();
        await a1Again.HandshakeAsync("worker-a", 1);

        var live = await Eventually.Until(LiveAsync, l => l.Count == 4 && l.All(p => p.Pid != 0));

        Assert.Equal(["worker-a:1", "worker-a:1", "worker-a:9", "worker-b:2"], live.Select(p => $"{p.Name}:{p.Pid}"));
        Assert.True(live[0].ConnId < live[1].ConnId);
    }

    [Fact]
    public async Task A_connection_is_listed_as_unknown_until_its_handshake_and_leaves_when_it_closes()
    {
        var client = _server.Connect();
        var before = Assert.Single(await Eventually.Until(LiveAsync, l => l.Count == 1));
        Assert.Equal($"unknown-{before.ConnId}", before.Name);
        Assert.Equal(0u, before.Pid);

        await client.HandshakeAsync("late-namer", 77);
        await Eventually.Until(LiveAsync, l => l.Count == 1 && l[0].Name == "late-namer");

        client.Dispose();
        await Eventually.Until(LiveAsync, l => l.Count == 0);
        var row = (await Eventually.Until(
            () => _server.SqlAsync($"select process_name, pid, disconnected_at_ns > connected_at_ns from connections where conn_id = {before.ConnId}"),
            r => r.Rows[0][2].ValueKind == System.Text.Json.JsonValueKind.Number)).Rows[0];
        Assert.Equal("late-namer", row[0].GetString());
        Assert.Equal(77, row[1].GetInt64());
        Assert.Equal(1, row[2].GetInt64());
    }
}

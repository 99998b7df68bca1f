using System.Net.Http.Json;
using System.Text.Json;
using static Peeps.Testing.SampleBatches;

namespace Peeps.EndToEnd.Tests.QueryPacks;

/// <summary>Every pack, through <c>POST /api/query</c>, over a graph sent by a runtime: exact columns, rows and order.</summary>
public sealed class QueryPackEndpointTests : IAsyncLifetime
{
    private PeepsServer _server = null!;

    private static string Mpsc(string side, int occupancy, int capacity) =>
        "{\"" + side + "\":{\"lifecycle\":\"open\",\"details\":{\"mpsc\":{\"buffer\":{\"occupancy\":" + occupancy + ",\"capacity\":" + capacity + "}}}}}";

    public async Task InitializeAsync()
    {
        _server = await PeepsServer.StartAsync();
        using var client = _server.Connect();
        await client.HandshakeAsync("packs", 11);
        await client.SendJsonAsync(Batch("proc:11", 0, 8,
        [
            Change(0, "upsert_entity", Entity("tx", "jobs.tx", Mpsc("channel_tx", 128, 128))),
            Change(1, "upsert_entity", Entity("rx", "jobs.rx", Mpsc("channel_rx", 32, 128))),
            Change(2, "upsert_entity", Entity("send", "jobs.send")),
            Change(3, "upsert_entity", Entity("recv", "jobs.recv")),
            Change(4, "upsert_scope", """{"id":"main","birth":1,"source":"src/main.rs:1","name":"main-task","body":"task","meta":{}}"""),
            Change(5, "upsert_entity_scope_link", """{"entity_id":"send","scope_id":"main"}"""),
            Change(6, "upsert_edge", """{"src":"send","dst":"tx","kind":"needs","meta":null}"""),
            Change(7, "upsert_edge", """{"src":"send","dst":"rx","kind":"polls","meta":null}"""),
        ]));
        await client.SendJsonAsync(Batch("proc:11", 8, 9, [Change(8, "upsert_edge", """{"src":"recv","dst":"rx","kind":"needs","meta":null}""")]));
        await Eventually.Until(() => _server.CountAsync("select count(*) from stream_cursors where next_seq_no = 9"), n => n == 1);
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    private async Task<(string[] Columns, JsonElement[][] Rows)> RunAsync(string pack, int? limit = null)
    {
        using var response = await _server.Http.PostAsJsonAsync("/api/query", limit is null ? (object)new { name = pack } : new { name = pack, limit });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var rows = SqlRows.Parse(body);
        Assert.Equal(rows.Rows.Count, rows.RowCount);
        return ([.. rows.Columns], [.. rows.Rows]);
    }

    private static string[] Texts(JsonElement[] row, params int[] columns) =>
        [.. columns.Select(c => row[c].ValueKind == JsonValueKind.Null ? "null" : row[c].ToString())];

    [Fact]
    public async Task Blockers_lists_every_needs_edge_newest_first()
    {
        var (columns, rows) = await RunAsync("blockers");

        Assert.Equal(["waiter_id", "waiter_name", "blocked_on_id", "blocked_on_name", "kind_json"], columns);
        Assert.Equal([["recv", "jobs.recv", "rx", "jobs.rx", "\"needs\""], ["send", "jobs.send", "tx", "jobs.tx", "\"needs\""]],
            rows.Select(r => Texts(r, 0, 1, 2, 3, 4)));
    }

    [Fact]
    public async Task Blocked_senders_and_stalled_sends_find_the_send_future_waiting_on_the_full_channel()
    {
        var (senderColumns, senders) = await RunAsync("blocked-senders");
        var (stalledColumns, stalled) = await RunAsync("stalled-sends");

        Assert.Equal(["send_future_id", "send_name", "waiting_on_entity_id", "waiting_on_name", "updated_at_ns"], senderColumns);
        Assert.Equal(["send_future_id", "send_name", "waiting_on_entity_id", "waiting_on_name"], stalledColumns);
        Assert.Equal(["send", "jobs.send", "tx", "jobs.tx"], Texts(Assert.Single(senders), 0, 1, 2, 3));
        Assert.Equal(JsonValueKind.Number, senders[0][4].ValueKind);
        Assert.Equal(["send", "jobs.send", "tx", "jobs.tx"], Texts(Assert.Single(stalled), 0, 1, 2, 3));
    }

    [Fact]
    public async Task Blocked_receivers_find_the_recv_future()
    {
        var (columns, rows) = await RunAsync("blocked-receivers");

        Assert.Equal(["recv_future_id", "recv_name", "waiting_on_entity_id", "waiting_on_name", "updated_at_ns"], columns);
        Assert.Equal(["recv", "jobs.recv", "rx", "jobs.rx"], Texts(Assert.Single(rows), 0, 1, 2, 3));
    }

    [Fact]
    public async Task Channel_pressure_orders_channels_by_utilization()
    {
        var (columns, rows) = await RunAsync("channel-pressure");

        Assert.Equal(["entity_id", "name", "capacity", "occupancy", "utilization"], columns);
        Assert.Equal([["tx", "jobs.tx", "128", "128"], ["rx", "jobs.rx", "128", "32"]], rows.Select(r => Texts(r, 0, 1, 2, 3)));
        Assert.Equal([1.0, 0.25], rows.Select(r => r[4].GetDouble()));
    }

    [Fact]
    public async Task Channel_health_lists_lifecycles_by_name()
    {
        var (columns, rows) = await RunAsync("channel-health");

        Assert.Equal(["entity_id", "name", "lifecycle", "capacity", "occupancy"], columns);
        Assert.Equal([["rx", "jobs.rx", "open", "128", "32"], ["tx", "jobs.tx", "open", "128", "128"]], rows.Select(r => Texts(r, 0, 1, 2, 3, 4)));
    }

    [Fact]
    public async Task Scope_membership_joins_scopes_to_entities()
    {
        var (columns, rows) = await RunAsync("scope-membership");

        Assert.Equal(["scope_id", "scope_name", "entity_id", "entity_name"], columns);
        Assert.Equal(["main", "main-task", "send", "jobs.send"], Texts(Assert.Single(rows), 0, 1, 2, 3));
    }

    [Fact]
    public async Task Stale_blockers_lists_needs_edges_oldest_first_and_honours_the_limit()
    {
        var (columns, rows) = await RunAsync("stale-blockers");
        var (_, limited) = await RunAsync("stale-blockers", limit: 1);

        Assert.Equal(["waiter_id", "waiter_name", "blocked_on_id", "blocked_on_name", "updated_at_ns"], columns);
        Assert.Equal(["send", "recv"], rows.Select(r => r[0].GetString()));
        Assert.Equal("send", Assert.Single(limited)[0].GetString());
    }
}

using static Peeps.Testing.RpcDeadlockGraphs;
using static Peeps.EndToEnd.Tests.Api.DiagnosisHttp;

namespace Peeps.EndToEnd.Tests.Api;

/// <summary><c>GET /api/snapshots/{a}/diff/{b}</c> between two real snapshots of runtimes whose graph changed in between.</summary>
public sealed class SnapshotDiffEndpointTests
{
    [Fact]
    public async Task Diff_shows_the_wait_that_resolved_and_the_cycle_still_blocked_with_its_age_in_both()
    {
        await using var server = await PeepsServer.StartAsync();
        await using var a = await ScriptedRuntime.StartAsync(server.Ingest, RpcDeadlockGraphs.A, 4201, ProcessA);
        await a.ConnIdAsync(server);
        await using var b = await ScriptedRuntime.StartAsync(server.Ingest, RpcDeadlockGraphs.B, 4202, ProcessB);
        var connB = await b.ConnIdAsync(server);
        var before = await SnapshotAsync(server);
        b.Graph = ProcessBAfterInboxFilled;
        a.PtimeNowMs = b.PtimeNowMs = 70_000;
        var after = await SnapshotAsync(server);
        await DiagnosisOfAsync(server, after);

        var diff = await server.GetJsonAsync($"/api/snapshots/{before}/diff/{after}");

        Assert.Equal((before, after), (diff.GetProperty("from_snapshot_id").GetInt64(), diff.GetProperty("to_snapshot_id").GetInt64()));
        var removed = Assert.Single(diff.GetProperty("wait_edges_removed").EnumerateArray());
        Assert.Equal((connB, Reader, connB, Inbox, "needs"), (
            removed.GetProperty("from_conn_id").GetInt64(), removed.GetProperty("from_entity_id").GetString(),
            removed.GetProperty("to_conn_id").GetInt64(), removed.GetProperty("to_entity_id").GetString(), removed.GetProperty("kind").GetString()));
        Assert.Empty(diff.GetProperty("wait_edges_added").EnumerateArray());
        Assert.Empty(diff.GetProperty("entities_added").EnumerateArray());
        Assert.Empty(diff.GetProperty("entities_removed").EnumerateArray());
        // The cycle's eight waits and the poller's are in both: stuck, not slow, and ten seconds older.
        var still = diff.GetProperty("still_blocked").EnumerateArray().ToList();
        Assert.Equal(9, still.Count);
        Assert.All(still, s => Assert.Equal((59_000L, 69_000L), (s.GetProperty("wait_ms_before").GetInt64(), s.GetProperty("wait_ms_after").GetInt64())));
        Assert.Contains(still, s => s.GetProperty("waiter").GetProperty("entity_id").GetString() == Poller);
        var deadlock = Assert.Single(diff.GetProperty("deadlocks").EnumerateArray());
        Assert.Equal("persisting", deadlock.GetProperty("change").GetString());
        var summary = diff.GetProperty("summary");
        Assert.Equal((0, 1, 9, 1, 1, 0), (
            summary.GetProperty("wait_edges_added").GetInt32(), summary.GetProperty("wait_edges_removed").GetInt32(),
            summary.GetProperty("still_blocked").GetInt32(), summary.GetProperty("deadlocks_before").GetInt32(),
            summary.GetProperty("deadlocks_after").GetInt32(), summary.GetProperty("deadlocks_resolved").GetInt32()));
    }

    [Fact]
    public async Task Diff_json_carries_exactly_the_documented_member_names()
    {
        await using var server = await PeepsServer.StartAsync();
        await using var b = await ScriptedRuntime.StartAsync(server.Ingest, RpcDeadlockGraphs.B, 4203, ProcessB);
        await b.ConnIdAsync(server);
        var before = await SnapshotAsync(server);
        b.Graph = ProcessBAfterInboxFilled.Replace("\"pending\"", "\"ok\"");
        var after = await SnapshotAsync(server);
        await DiagnosisOfAsync(server, after);

        var diff = await server.GetJsonAsync($"/api/snapshots/{before}/diff/{after}");

        Assert.Equal(
            ["deadlocks", "entities_added", "entities_changed", "entities_removed", "from_snapshot_id", "interval_ms", "processes_added",
             "processes_removed", "still_blocked", "summary", "to_snapshot_id", "truncated", "wait_edges_added", "wait_edges_removed"],
            Names(diff));
        Assert.Equal(
            ["deadlocks_after", "deadlocks_before", "deadlocks_resolved", "entities_added", "entities_changed", "entities_removed",
             "still_blocked", "wait_edges_added", "wait_edges_removed"],
            Names(diff.GetProperty("summary")));
        var changed = diff.GetProperty("entities_changed")[0];
        Assert.Equal(["after", "before", "entity", "state_before"], Names(changed));
        Assert.Equal("ok", changed.GetProperty("after").GetProperty("response").GetProperty("status").GetString());
        Assert.Equal(["kind", "wait_ms_after", "wait_ms_before", "waiter", "waits_on"], Names(diff.GetProperty("still_blocked")[0]));
    }
}

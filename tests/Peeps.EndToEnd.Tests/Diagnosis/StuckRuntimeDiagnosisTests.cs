using System.Text.Json;
using static Peeps.EndToEnd.Tests.Diagnosis.DiagnosisJson;
using static Peeps.EndToEnd.Tests.Diagnosis.StuckRuntimesFixture;

namespace Peeps.EndToEnd.Tests.Diagnosis;

/// <summary>
/// Every stuck scenario of the simulator against a real server over TCP, diagnosed through the HTTP API: exactly the
/// deadlocks the scenarios build (members by process and entity, confidence, inferred edges), exactly their chains and
/// root blockers, no deadlock where there is none, and a cycle that resolves shown gone by the diff.
/// </summary>
public sealed class StuckRuntimeDiagnosisTests(StuckRuntimesFixture stuck) : IClassFixture<StuckRuntimesFixture>
{
    private static readonly string LockInversion = Process("lock-inversion");
    private static readonly string ChannelCycle = Process("channel-cycle");
    private static readonly string RpcA = Process("rpc-cycle-a"), RpcB = Process("rpc-cycle-b");
    private static readonly string ChainA = Process("long-chain-a"), ChainB = Process("long-chain-b");
    private static readonly string StuckIo = Process("stuck-io");
    private static readonly string Resolving = Process("resolving-cycle");

    private (long, string) K(string process, string name) => stuck.Key(process, name);

    private HashSet<((long, string), (long, string), string, bool)> Needs(string process, params string[] ring) =>
        [.. ring.Select((name, i) => (K(process, name), K(process, ring[(i + 1) % ring.Length]), "needs", false))];

    [Fact]
    public async Task Lock_inversion_is_one_certain_deadlock_in_its_process_with_a_chain_queued_into_it()
    {
        var report = await stuck.DiagnoseAsync();

        var deadlock = Assert.Single(DeadlocksIn(report, LockInversion));
        Assert.Equal("certain", deadlock.GetProperty("confidence").GetString());
        Assert.False(deadlock.GetProperty("crosses_processes").GetBoolean());
        Assert.False(deadlock.GetProperty("has_inferred_edges").GetBoolean());
        Assert.Equal(Needs(LockInversion, "transfer", "ledger.lock", "ledger", "audit", "accounts.write", "accounts"), Edges(deadlock));
        Assert.Equal(
            [.. new[] { "transfer", "ledger.lock", "ledger", "audit", "accounts.write", "accounts" }.Select(n => K(LockInversion, n))],
            Members(deadlock));

        var chain = Assert.Single(ChainsFrom(report, LockInversion));
        Assert.Equal([K(LockInversion, "report"), K(LockInversion, "accounts.read"), K(LockInversion, "accounts")], Path(chain));
        Assert.Equal("deadlock", chain.GetProperty("ends_in").GetString());
        Assert.Equal([deadlock.GetProperty("id").GetInt32()], chain.GetProperty("deadlock_ids").EnumerateArray().Select(i => i.GetInt32()));
    }

    [Fact]
    public async Task A_cycle_of_full_channels_is_one_certain_deadlock_of_senders_sender_ends_and_consumers()
    {
        var report = await stuck.DiagnoseAsync();

        var deadlock = Assert.Single(DeadlocksIn(report, ChannelCycle));
        Assert.Equal("certain", deadlock.GetProperty("confidence").GetString());
        Assert.Equal(Needs(ChannelCycle, "parser", "index_q.send", "index_q.tx", "indexer", "parse_q.send", "parse_q.tx"), Edges(deadlock));
        Assert.Equal(6, deadlock.GetProperty("member_count").GetInt32());
        Assert.Empty(ChainsFrom(report, ChannelCycle));
    }

    [Fact]
    public async Task An_rpc_cycle_is_one_certain_deadlock_across_both_processes_closed_by_inferred_edges_from_a_stored_snapshot()
    {
        var snapshot = await stuck.Server.PostJsonAsync("/api/snapshot", "{}");
        var report = await stuck.Server.GetJsonAsync($"/api/snapshots/{snapshot.GetProperty("snapshot_id").GetInt64()}/diagnosis");

        var deadlock = Assert.Single(DeadlocksIn(report, RpcA, RpcB));
        Assert.Equal("certain", deadlock.GetProperty("confidence").GetString());
        Assert.True(deadlock.GetProperty("crosses_processes").GetBoolean());
        Assert.True(deadlock.GetProperty("has_inferred_edges").GetBoolean());
        Assert.Equal(new[] { stuck.ConnId(RpcA), stuck.ConnId(RpcB) }.Order(), deadlock.GetProperty("conn_ids").EnumerateArray().Select(c => c.GetInt64()).Order());
        Assert.Equal(
            [
                (K(RpcA, "place_order"), K(RpcA, "Inventory.reserve"), "needs", false),
                (K(RpcA, "Inventory.reserve"), K(RpcB, "Inventory.reserve"), "rpc", true),
                (K(RpcB, "Inventory.reserve"), K(RpcB, "handle Inventory.reserve"), "works_on", true),
                (K(RpcB, "handle Inventory.reserve"), K(RpcB, "Orders.confirm_hold"), "needs", false),
                (K(RpcB, "Orders.confirm_hold"), K(RpcA, "Orders.confirm_hold"), "rpc", true),
                (K(RpcA, "Orders.confirm_hold"), K(RpcA, "handle Orders.confirm_hold"), "works_on", true),
                (K(RpcA, "handle Orders.confirm_hold"), K(RpcA, "orders.lock"), "needs", false),
                (K(RpcA, "orders.lock"), K(RpcA, "orders"), "needs", false),
                (K(RpcA, "orders"), K(RpcA, "place_order"), "needs", false),
            ],
            Edges(deadlock));
        Assert.Equal(9, deadlock.GetProperty("member_count").GetInt32());
        Assert.Empty(ChainsFrom(report, RpcA, RpcB));
        Assert.Empty(Items(report, "unresolved_rpc_links"));
    }

    [Fact]
    public async Task A_long_chain_across_two_processes_is_no_deadlock_but_one_chain_to_the_running_compactor()
    {
        var report = await stuck.DiagnoseAsync();

        Assert.Empty(DeadlocksIn(report, ChainA, ChainB));
        var chain = Assert.Single(ChainsFrom(report, ChainA, ChainB));
        Assert.Equal(
            [
                K(ChainA, "ingest"), K(ChainA, "batch.lock"), K(ChainA, "batch"), K(ChainA, "parse"), K(ChainA, "schema.lock"),
                K(ChainA, "schema"), K(ChainA, "validate"), K(ChainA, "rules.lock"), K(ChainA, "rules"), K(ChainA, "enrich"),
                K(ChainA, "catalog.lock"), K(ChainA, "catalog"), K(ChainA, "persist"), K(ChainA, "Storage.flush"),
                K(ChainB, "Storage.flush"), K(ChainB, "handle Storage.flush"), K(ChainB, "wal.lock"), K(ChainB, "wal"), K(ChainB, "compactor"),
            ],
            Path(chain));
        Assert.Equal(18, chain.GetProperty("depth").GetInt32());
        Assert.Equal(1, chain.GetProperty("process_hops").GetInt32());
        Assert.Equal("root_blocker", chain.GetProperty("ends_in").GetString());
        var root = Assert.Single(chain.GetProperty("roots").EnumerateArray());
        Assert.Equal((K(ChainB, "compactor"), "running_work"), (Key(root.GetProperty("entity")), root.GetProperty("reason").GetString()));
    }

    [Fact]
    public async Task A_task_stuck_on_network_io_is_a_root_blocker_behind_a_lock_and_no_deadlock()
    {
        var report = await stuck.DiagnoseAsync();

        Assert.Empty(DeadlocksIn(report, StuckIo));
        var chains = ChainsFrom(report, StuckIo);
        Assert.Equal(
            [
                [K(StuckIo, "handle_get"), K(StuckIo, "cache.read"), K(StuckIo, "cache"), K(StuckIo, "sync_upstream"), K(StuckIo, "tcp.read"), K(StuckIo, "10.0.0.9:5432")],
                [K(StuckIo, "handle_put"), K(StuckIo, "cache.write"), K(StuckIo, "cache"), K(StuckIo, "sync_upstream"), K(StuckIo, "tcp.read"), K(StuckIo, "10.0.0.9:5432")],
            ],
            chains.Select(Path).OrderBy(path => path[0] == K(StuckIo, "handle_get") ? 0 : 1));
        Assert.All(chains, chain =>
        {
            var root = Assert.Single(chain.GetProperty("roots").EnumerateArray());
            Assert.Equal("external_io", root.GetProperty("reason").GetString());
            Assert.Equal("net_read", root.GetProperty("entity").GetProperty("kind").GetString());
        });
    }

    [Fact]
    public async Task The_stuck_runtimes_have_exactly_the_four_cycles_they_build_and_every_rpc_link_resolves()
    {
        // The resolving cycle comes and goes; a diagnosis while it holds has all four.
        var report = await Eventually.Until(stuck.DiagnoseAsync, r => DeadlocksIn(r, Resolving).Count == 1, TimeSpan.FromSeconds(30), "the resolving cycle held");

        Assert.Equal(4, report.GetProperty("summary").GetProperty("deadlocks").GetInt32());
        Assert.Equal(4, report.GetProperty("summary").GetProperty("certain_deadlocks").GetInt32());
        Assert.Equal(0, report.GetProperty("summary").GetProperty("dangling_edges").GetInt32());
        Assert.Empty(Items(report, "unresolved_rpc_links"));
        Assert.Empty(Items(report, "unanswered_processes"));
    }

    [Fact]
    public async Task A_cycle_that_resolves_between_two_snapshots_shows_in_the_diff_as_its_edges_removed_and_the_deadlock_resolved()
    {
        var before = await Eventually.Until(stuck.DiagnoseAsync, r => DeadlocksIn(r, Resolving).Count == 1, TimeSpan.FromSeconds(30), "the cycle held");
        var cycle = Assert.Single(DeadlocksIn(before, Resolving));
        var after = await Eventually.Until(stuck.DiagnoseAsync, r => DeadlocksIn(r, Resolving).Count == 0, TimeSpan.FromSeconds(30), "the cycle broke");

        // The second snapshot's row reaches SQLite a moment after its diagnosis is answered: until then the diff is a 404.
        using var answered = await Eventually.Until(
            () => stuck.Server.Http.GetAsync($"/api/snapshots/{SnapshotId(before)}/diff/{SnapshotId(after)}"),
            r => r.StatusCode == System.Net.HttpStatusCode.OK, TimeSpan.FromSeconds(10), "both snapshots stored");
        var diff = JsonDocument.Parse(await answered.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(Edges(cycle), Edges(diff, "wait_edges_removed"));
        Assert.Empty(Items(diff, "wait_edges_added"));
        // The two tasks and their lock waits ended; the locks stay.
        Assert.Equal(
            Items(cycle, "members").Where(m => m.GetProperty("kind").GetString() == "future").Select(Key).ToHashSet(),
            Items(diff, "entities_removed").Select(Key).ToHashSet());
        Assert.Empty(Items(diff, "entities_added"));
        var resolved = Assert.Single(Items(diff, "deadlocks"), d => d.GetProperty("change").GetString() == "resolved");
        Assert.Equal(Members(cycle), Members(resolved));
        Assert.Equal(cycle.GetProperty("id").GetInt32(), resolved.GetProperty("id_before").GetInt32());
        Assert.Equal(1, diff.GetProperty("summary").GetProperty("deadlocks_resolved").GetInt32());
        Assert.Equal(3, Items(diff, "deadlocks").Count(d => d.GetProperty("change").GetString() == "persisting"));
    }

    private static long SnapshotId(JsonElement report) => report.GetProperty("snapshot_id").GetInt64();
}

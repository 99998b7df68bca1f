using Peeps.Storage.QueryPacks;
using Peeps.Storage.Reading;
using Peeps.Storage.Tests.Support;
using Peeps.Storage.Writing;
using Peeps.Wire.Messages;
using static Peeps.Storage.Tests.Support.Batches;

namespace Peeps.Storage.Tests.QueryPacks;

/// <summary>
/// The diagnosis packs over a real database. Live <c>svc-a</c> (conn 1) and <c>svc-b</c> (conn 2) are stuck in one
/// cycle through an RPC and its callback: A's <c>caller</c> holds the lock <c>state</c> (said as <c>state needs
/// caller</c>) and calls B, whose handler calls back into A, whose handler waits for the lock. A also has a
/// lock-order cycle of its own (t1, l2, t2, l1), a poller waiting on the lock, and a chain x1, x2, x3 ending in file
/// I/O; B's reader waits on an empty inbox. <c>gone</c> (conn 3) disconnected with a cycle, a chain and a request
/// carrying the callback's id: none of it may show, nor make the callback's link ambiguous.
/// </summary>
public sealed class DiagnosisQueryPackTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly QueryPackRunner _packs;

    private const string Request = """{"request":{"method":"b.get"}}""";
    private const string Callback = """{"request":{"method":"a.callback"}}""";
    private const string GetResponse = """{"response":{"method":"b.get","status":"pending"}}""";
    private const string CallbackResponse = """{"response":{"method":"a.callback","status":"pending"}}""";
    private const string Lock = """{"lock":{"kind":"mutex"}}""";

    public DiagnosisQueryPackTests()
    {
        using (var writer = _db.OpenWriter())
        {
            writer.Write([
                new ConnectionOpened(1, 10), new ConnectionIdentified(1, "svc-a", 11),
                new ConnectionOpened(2, 10), new ConnectionIdentified(2, "svc-b", 22),
                new ConnectionOpened(3, 10), new ConnectionIdentified(3, "gone", 33),
                new DeltaBatchReceived(1, Batch("proc:1", 0, 15, [
                    Entity(0, "aaaa01", "caller"),
                    Entity(1, "aaaa02", "b.get", Request),
                    Entity(2, "aaaa03", "a.callback", CallbackResponse),
                    Entity(3, "aaaa04", "a.callback.handler"),
                    Entity(4, "aaaa05", "state", Lock),
                    Entity(5, "aaaa06", "poller"),
                    Entity(6, "t1", "task-1"),
                    Entity(7, "l1", "lock-1", Lock),
                    Entity(8, "t2", "task-2"),
                    Entity(9, "l2", "lock-2", Lock),
                    Entity(10, "x1", "x.one"),
                    Entity(11, "x2", "x.two"),
                    Entity(12, "x3", "x.read", """{"file_op":{"op":"read"}}"""),
                    Edge(13, "x1", "x2"),
                    Edge(14, "x2", "x3"),
                ]), 1000),
                new DeltaBatchReceived(3, Batch("proc:3", 0, 7, [
                    Entity(0, "c1", "ghost-1"),
                    Entity(1, "c2", "ghost-2"),
                    Entity(2, "c3", "ghost-head"),
                    Entity(3, "bbbb03", "a.callback", Callback),
                    Edge(4, "c1", "c2"),
                    Edge(5, "c2", "c1"),
                    Edge(6, "c3", "c1"),
                ]), 1500),
                new DeltaBatchReceived(1, Batch("proc:1", 15, 25, [
                    Edge(15, "aaaa01", "aaaa02"),
                    Edge(16, "aaaa04", "aaaa03"),
                    Edge(17, "aaaa04", "aaaa05"),
                    Edge(18, "aaaa05", "aaaa01"),
                    Edge(19, "aaaa06", "aaaa05"),
                    Edge(20, "bbbb03", "aaaa03", "rpc_link"),
                    Edge(21, "t1", "l2"),
                    Edge(22, "l2", "t2"),
                    Edge(23, "t2", "l1"),
                    Edge(24, "l1", "t1"),
                ]), 2000),
                new DeltaBatchReceived(2, Batch("proc:2", 0, 9, [
                    Entity(0, "bbbb01", "b.get", GetResponse),
                    Entity(1, "bbbb02", "b.get.handler"),
                    Entity(2, "bbbb03", "a.callback", Callback),
                    Entity(3, "bbbb04", "inbox.recv"),
                    Entity(4, "bbbb05", "inbox", """{"channel_rx":{"lifecycle":"open"}}"""),
                    Edge(5, "bbbb02", "bbbb01"),
                    Edge(6, "bbbb02", "bbbb03"),
                    Edge(7, "bbbb04", "bbbb05"),
                    Edge(8, "aaaa02", "bbbb01", "rpc_link"),
                ]), 2500),
                new ConnectionClosed(3, 4000),
            ]);
        }
        _packs = new QueryPackRunner(new SqlQueryExecutor(_db.Options));
    }

    private async Task<(IReadOnlyList<string> Columns, List<object?[]> Rows)> Run(string name, int limit = 500)
    {
        var result = await _packs.RunAsync(name, limit);
        return (result.Columns, result.Rows.ToList());
    }

    [Fact]
    public async Task Deadlocks_lists_every_wait_of_each_cycle_with_both_ends_process_and_the_rpc_links_joined_across_processes()
    {
        var (columns, rows) = await Run("deadlocks");

        Assert.Equal(["deadlock", "conn_id", "process_name", "entity_id", "name", "kind", "edge_kind",
            "waits_on_conn_id", "waits_on_process_name", "waits_on_id", "waits_on_name", "waits_on_kind", "updated_at_ns"], columns);
        Assert.Equal<object?[]>([
            [1L, 1L, "svc-a", "aaaa01", "caller", "future", "needs", 1L, "svc-a", "aaaa02", "b.get", "request", 2000L],
            [1L, 1L, "svc-a", "aaaa02", "b.get", "request", "rpc", 2L, "svc-b", "bbbb01", "b.get", "response", 2500L],
            [1L, 1L, "svc-a", "aaaa03", "a.callback", "response", "works_on", 1L, "svc-a", "aaaa04", "a.callback.handler", "future", 2000L],
            [1L, 1L, "svc-a", "aaaa04", "a.callback.handler", "future", "needs", 1L, "svc-a", "aaaa05", "state", "lock", 2000L],
            [1L, 1L, "svc-a", "aaaa05", "state", "lock", "needs", 1L, "svc-a", "aaaa01", "caller", "future", 2000L],
            [1L, 2L, "svc-b", "bbbb01", "b.get", "response", "works_on", 2L, "svc-b", "bbbb02", "b.get.handler", "future", 2500L],
            [1L, 2L, "svc-b", "bbbb02", "b.get.handler", "future", "needs", 2L, "svc-b", "bbbb03", "a.callback", "request", 2500L],
            [1L, 2L, "svc-b", "bbbb03", "a.callback", "request", "rpc", 1L, "svc-a", "aaaa03", "a.callback", "response", 2000L],
            [2L, 1L, "svc-a", "l1", "lock-1", "lock", "needs", 1L, "svc-a", "t1", "task-1", "future", 2000L],
            [2L, 1L, "svc-a", "l2", "lock-2", "lock", "needs", 1L, "svc-a", "t2", "task-2", "future", 2000L],
            [2L, 1L, "svc-a", "t1", "task-1", "future", "needs", 1L, "svc-a", "l2", "lock-2", "lock", 2000L],
            [2L, 1L, "svc-a", "t2", "task-2", "future", "needs", 1L, "svc-a", "l1", "lock-1", "lock", 2000L],
        ], rows);
    }

    [Fact]
    public async Task Wait_chains_follow_each_head_depth_first_across_process_hops_to_a_root_or_back_onto_its_cycle()
    {
        var (columns, rows) = await Run("wait-chains");

        Assert.Equal(["chain", "depth", "conn_id", "process_name", "entity_id", "name", "kind", "via", "process_hop", "ends", "head_waiting_since_ns"], columns);
        Assert.Equal<object?[]>([
            [1L, 0L, 1L, "svc-a", "x1", "x.one", "future", null, 0L, null, 1000L],
            [1L, 1L, 1L, "svc-a", "x2", "x.two", "future", "needs", 0L, null, 1000L],
            [1L, 2L, 1L, "svc-a", "x3", "x.read", "file_op", "needs", 0L, "root_blocker", 1000L],
            [2L, 0L, 1L, "svc-a", "aaaa06", "poller", "future", null, 0L, null, 2000L],
            [2L, 1L, 1L, "svc-a", "aaaa05", "state", "lock", "needs", 0L, null, 2000L],
            [2L, 2L, 1L, "svc-a", "aaaa01", "caller", "future", "needs", 0L, null, 2000L],
            [2L, 3L, 1L, "svc-a", "aaaa02", "b.get", "request", "needs", 0L, null, 2000L],
            [2L, 4L, 2L, "svc-b", "bbbb01", "b.get", "response", "rpc", 1L, null, 2000L],
            [2L, 5L, 2L, "svc-b", "bbbb02", "b.get.handler", "future", "works_on", 0L, null, 2000L],
            [2L, 6L, 2L, "svc-b", "bbbb03", "a.callback", "request", "needs", 0L, null, 2000L],
            [2L, 7L, 1L, "svc-a", "aaaa03", "a.callback", "response", "rpc", 1L, null, 2000L],
            [2L, 8L, 1L, "svc-a", "aaaa04", "a.callback.handler", "future", "works_on", 0L, null, 2000L],
            [2L, 9L, 1L, "svc-a", "aaaa05", "state", "lock", "needs", 0L, "cycle", 2000L],
            [3L, 0L, 2L, "svc-b", "bbbb04", "inbox.recv", "future", null, 0L, null, 2500L],
            [3L, 1L, 2L, "svc-b", "bbbb05", "inbox", "channel_rx", "needs", 0L, "root_blocker", 2500L],
        ], rows);
    }

    [Fact]
    public async Task Blockers_by_process_counts_the_waits_between_each_pair_of_live_processes()
    {
        var (columns, rows) = await Run("blockers-by-process");

        Assert.Equal(["conn_id", "process_name", "pid", "blocked_on_conn_id", "blocked_on_process_name", "waits", "waiters", "oldest_wait_at_ns"], columns);
        Assert.Equal<object?[]>([
            [1L, "svc-a", 11L, 1L, "svc-a", 11L, 11L, 1000L],
            [2L, "svc-b", 22L, 2L, "svc-b", 3L, 3L, 2500L],
            [2L, "svc-b", 22L, 1L, "svc-a", 1L, 1L, 2000L],
            [1L, "svc-a", 11L, 2L, "svc-b", 1L, 1L, 2500L],
        ], rows);
    }

    [Theory]
    [InlineData("deadlocks")]
    [InlineData("wait-chains")]
    [InlineData("blockers-by-process")]
    public async Task No_row_of_a_disconnected_connection_appears(string pack)
    {
        var (columns, rows) = await Run(pack);

        Assert.NotEmpty(rows);
        var processColumns = columns.Select((name, index) => (name, index)).Where(c => c.name.EndsWith("process_name", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(processColumns);
        Assert.All(rows, row => Assert.All(processColumns, c => Assert.NotEqual("gone", row[c.index])));
        Assert.All(rows, row => Assert.NotEqual(3L, row[columns.ToList().IndexOf("conn_id")]));
    }

    [Fact]
    public async Task The_pack_limit_cuts_the_rows_in_their_order()
    {
        var (_, rows) = await Run("wait-chains", 4);

        Assert.Equal(["x1", "x2", "x3", "aaaa06"], rows.Select(r => r[4]));
    }

    [Fact]
    public void The_diagnosis_packs_are_named_after_the_contract_packs_which_stay_as_they_were()
    {
        Assert.Equal(["deadlocks", "wait-chains", "blockers-by-process"], DiagnosisQueryPacks.All.Select(p => p.Name));
        Assert.Equal([.. QueryPackCatalog.All, .. DiagnosisQueryPacks.All], QueryPackCatalog.Named);
        Assert.Same(DiagnosisQueryPacks.Deadlocks, QueryPackCatalog.Find("deadlocks"));
    }

    [Fact]
    public async Task Every_diagnosis_pack_returns_its_declared_columns_on_an_empty_database()
    {
        using var empty = new TempDatabase();
        Storage.Schema.StoreInitializer.Initialize(empty.Options);
        var runner = new QueryPackRunner(new SqlQueryExecutor(empty.Options));

        foreach (var pack in DiagnosisQueryPacks.All)
        {
            var result = await runner.RunAsync(pack.Name);
            Assert.Equal(pack.Columns, result.Columns);
            Assert.Empty(result.Rows);
        }
    }

    public void Dispose() => _db.Dispose();
}

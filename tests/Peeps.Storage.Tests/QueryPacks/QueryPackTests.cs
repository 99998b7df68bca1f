using Peeps.Storage.QueryPacks;
using Peeps.Storage.Reading;
using Peeps.Storage.Tests.Support;
using Peeps.Storage.Writing;
using Peeps.Wire.Messages;
using static Peeps.Storage.Tests.Support.Batches;

namespace Peeps.Storage.Tests.QueryPacks;

/// <summary>
/// One process (conn 1) with a blocked sender on a full mpsc channel, a blocked receiver on a closed one, a lock
/// waiter, a needs edge from an unknown waiter, and scopes; a second process reuses the id <c>tx1</c> to prove that
/// joins stay within one connection and stream.
/// </summary>
public sealed class QueryPackTests : IDisposable
{
    private const string S = "proc:1";
    private readonly TempDatabase _db = new();
    private readonly QueryPackRunner _packs;

    private static string Mpsc(string side, string lifecycle, string occupancy, string capacity) =>
        "{\"" + side + "\":{\"lifecycle\":" + lifecycle + ",\"details\":{\"mpsc\":{\"buffer\":{\"occupancy\":" + occupancy
        + ",\"capacity\":" + capacity + "}}}}}";

    public QueryPackTests()
    {
        using (var writer = _db.OpenWriter())
        {
            writer.Write([
                new DeltaBatchReceived(1, Batch(S, 0, 16, [
                    Entity(0, "send1", "foo.send"),
                    Entity(1, "recv1", "bar.recv"),
                    Entity(2, "lockwait", "lock.acquire"),
                    Entity(3, "xsend", "x.send", """{"lock":{"kind":"mutex"}}"""),
                    Entity(4, "m1", "state.lock", """{"lock":{"kind":"mutex"}}"""),
                    Entity(5, "tx1", "jobs.tx", Mpsc("channel_tx", "\"open\"", "8", "8")),
                    Entity(6, "rx1", "jobs.rx", Mpsc("channel_rx", """{"closed":"sender_dropped"}""", "0", "8")),
                    Entity(7, "tx2", "jobs.unbounded", Mpsc("channel_tx", "\"open\"", "3", "null")),
                    Entity(8, "tx4", "jobs.zero", Mpsc("channel_tx", "\"open\"", "0", "0")),
                    Entity(9, "tx3", "jobs.oneshot", """{"channel_tx":{"lifecycle":"open","details":{"oneshot":{"state":"pending"}}}}"""),
                    Scope(10, "s1", "alpha"),
                    Scope(11, "s2", "beta"),
                    new UpsertEntityScopeLink(12, "send1", "s1"),
                    new UpsertEntityScopeLink(13, "recv1", "s1"),
                    new UpsertEntityScopeLink(14, "ghost", "s2"),
                    Edge(15, "send1", "tx1", "polls"),
                ]), 100),
                new DeltaBatchReceived(2, Batch(S, 0, 1, [Entity(0, "tx1", "other-process.tx")]), 100),
                new DeltaBatchReceived(1, Batch(S, 16, 17, [Edge(16, "xsend", "m1")]), 500),
                new DeltaBatchReceived(1, Batch(S, 17, 18, [Edge(17, "lockwait", "m1")]), 1000),
                new DeltaBatchReceived(1, Batch(S, 18, 19, [Edge(18, "recv1", "rx1")]), 2000),
                new DeltaBatchReceived(1, Batch(S, 19, 20, [Edge(19, "send1", "tx1")]), 3000),
                new DeltaBatchReceived(1, Batch(S, 20, 21, [Edge(20, "ghost", "tx1")]), 4000),
            ]);
        }
        _packs = new QueryPackRunner(new SqlQueryExecutor(_db.Options));
    }

    private async Task<(IReadOnlyList<string> Columns, List<object?[]> Rows)> Run(string name, int? limit = null)
    {
        var result = await _packs.RunAsync(name, limit);
        return (result.Columns, result.Rows.ToList());
    }

    [Fact]
    public async Task Blockers_lists_every_needs_edge_newest_first_with_names_from_the_same_process()
    {
        var (columns, rows) = await Run("blockers");

        Assert.Equal(["waiter_id", "waiter_name", "blocked_on_id", "blocked_on_name", "kind_json"], columns);
        Assert.Equal<object?[]>([
            ["ghost", null, "tx1", "jobs.tx", "\"needs\""],
            ["send1", "foo.send", "tx1", "jobs.tx", "\"needs\""],
            ["recv1", "bar.recv", "rx1", "jobs.rx", "\"needs\""],
            ["lockwait", "lock.acquire", "m1", "state.lock", "\"needs\""],
            ["xsend", "x.send", "m1", "state.lock", "\"needs\""],
        ], rows);
    }

    [Fact]
    public async Task Blocked_senders_are_futures_named_dot_send_waiting_on_something()
    {
        var (columns, rows) = await Run("blocked-senders");

        Assert.Equal(["send_future_id", "send_name", "waiting_on_entity_id", "waiting_on_name", "updated_at_ns"], columns);
        Assert.Equal<object?[]>([["send1", "foo.send", "tx1", "jobs.tx", 3000L]], rows);
    }

    [Fact]
    public async Task Blocked_receivers_are_futures_named_dot_recv_waiting_on_something()
    {
        var (columns, rows) = await Run("blocked-receivers");

        Assert.Equal(["recv_future_id", "recv_name", "waiting_on_entity_id", "waiting_on_name", "updated_at_ns"], columns);
        Assert.Equal<object?[]>([["recv1", "bar.recv", "rx1", "jobs.rx", 2000L]], rows);
    }

    [Fact]
    public async Task Stalled_sends_are_the_blocked_senders_without_the_time()
    {
        var (columns, rows) = await Run("stalled-sends");

        Assert.Equal(["send_future_id", "send_name", "waiting_on_entity_id", "waiting_on_name"], columns);
        Assert.Equal<object?[]>([["send1", "foo.send", "tx1", "jobs.tx"]], rows);
    }

    [Fact]
    public async Task Channel_pressure_ranks_mpsc_channels_by_utilization_with_null_when_capacity_is_not_positive()
    {
        var (columns, rows) = await Run("channel-pressure");

        Assert.Equal(["entity_id", "name", "capacity", "occupancy", "utilization"], columns);
        Assert.Equal<object?[]>([
            ["tx1", "jobs.tx", 8L, 8L, 1.0],
            ["rx1", "jobs.rx", 8L, 0L, 0.0],
            ["tx2", "jobs.unbounded", null, 3L, null],
            ["tx4", "jobs.zero", 0L, 0L, null],
        ], rows);
    }

    [Fact]
    public async Task Channel_health_lists_every_channel_by_name_with_lifecycle_as_stored()
    {
        var (columns, rows) = await Run("channel-health");

        Assert.Equal(["entity_id", "name", "lifecycle", "capacity", "occupancy"], columns);
        Assert.Equal<object?[]>([
            ["tx3", "jobs.oneshot", "open", null, null],
            ["rx1", "jobs.rx", """{"closed":"sender_dropped"}""", 8L, 0L],
            ["tx1", "jobs.tx", "open", 8L, 8L],
            ["tx2", "jobs.unbounded", "open", null, 3L],
            ["tx4", "jobs.zero", "open", 0L, 0L],
        ], rows);
    }

    [Fact]
    public async Task Scope_membership_lists_links_by_scope_name_then_entity_name()
    {
        var (columns, rows) = await Run("scope-membership");

        Assert.Equal(["scope_id", "scope_name", "entity_id", "entity_name"], columns);
        Assert.Equal<object?[]>([
            ["s1", "alpha", "recv1", "bar.recv"],
            ["s1", "alpha", "send1", "foo.send"],
            ["s2", "beta", "ghost", null],
        ], rows);
    }

    [Fact]
    public async Task Stale_blockers_lists_every_needs_edge_oldest_first()
    {
        var (columns, rows) = await Run("stale-blockers");

        Assert.Equal(["waiter_id", "waiter_name", "blocked_on_id", "blocked_on_name", "updated_at_ns"], columns);
        Assert.Equal<object?>([500L, 1000L, 2000L, 3000L, 4000L], rows.Select(r => r[4]));
        Assert.Equal<object?>(["xsend", "x.send", "m1", "state.lock", 500L], rows[0]);
    }

    [Fact]
    public async Task Limit_keeps_the_first_rows_of_the_order()
    {
        var (_, rows) = await Run("blockers", limit: 2);

        Assert.Equal<object?>(["ghost", "send1"], rows.Select(r => r[0]));
    }

    [Fact]
    public async Task Limit_above_the_row_bound_is_refused_naming_the_bound()
    {
        var runner = new QueryPackRunner(new SqlQueryExecutor(_db.Options, new SqlQuerySettings { MaxRows = 3 }));

        var error = await Assert.ThrowsAsync<InvalidQueryPackLimitException>(() => runner.RunAsync("stale-blockers", limit: 4));

        Assert.Contains("between 1 and 3", error.Message);
        Assert.Contains("Peeps:Sql:MaxRows", error.Message);
        Assert.Contains("got 4", error.Message);
    }

    /// <summary>The bounds themselves are allowed: a limit of 1 and a limit equal to the row bound both run.</summary>
    [Fact]
    public async Task Limits_of_one_and_of_exactly_the_row_bound_are_accepted()
    {
        var runner = new QueryPackRunner(new SqlQueryExecutor(_db.Options, new SqlQuerySettings { MaxRows = 3 }));

        Assert.Single((await runner.RunAsync("blockers", limit: 1)).Rows);
        Assert.InRange((await runner.RunAsync("blockers", limit: 3)).Rows.Count, 1, 3);
    }

    [Fact]
    public async Task Limit_below_one_is_refused()
    {
        await Assert.ThrowsAsync<InvalidQueryPackLimitException>(() => _packs.RunAsync("blockers", 0));
    }

    [Fact]
    public async Task Unknown_pack_is_refused_with_every_valid_name_in_the_message()
    {
        var error = await Assert.ThrowsAsync<UnknownQueryPackException>(() => _packs.RunAsync("blokers"));

        Assert.All(QueryPackCatalog.All, pack => Assert.Contains(pack.Name, error.Message));
    }

    [Fact]
    public void Catalog_holds_the_eight_contract_packs_in_order()
    {
        Assert.Equal(
            ["blockers", "blocked-senders", "blocked-receivers", "stalled-sends", "channel-pressure", "channel-health",
             "scope-membership", "stale-blockers"],
            QueryPackCatalog.All.Select(p => p.Name));
    }

    [Fact]
    public async Task Every_pack_returns_its_declared_columns_on_an_empty_database()
    {
        using var empty = new TempDatabase();
        Storage.Schema.StoreInitializer.Initialize(empty.Options);
        var runner = new QueryPackRunner(new SqlQueryExecutor(empty.Options));

        foreach (var pack in QueryPackCatalog.All)
        {
            var result = await runner.RunAsync(pack.Name);
            Assert.Equal(pack.Columns, result.Columns);
            Assert.Empty(result.Rows);
        }
    }

    public void Dispose() => _db.Dispose();
}

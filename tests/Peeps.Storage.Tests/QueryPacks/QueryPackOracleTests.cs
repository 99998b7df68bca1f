using System.Text.Json;
using Peeps.Storage.QueryPacks;
using Peeps.Storage.Reading;
using Peeps.Storage.Tests.Support;
using Peeps.Storage.Writing;
using Peeps.Wire.Messages;
using static Peeps.Storage.Tests.Support.Batches;

namespace Peeps.Storage.Tests.QueryPacks;

/// <summary>
/// Every pack against an oracle written in C# from shared/spec/reference-server.md (no SQL of the packs in it),
/// on data with names in mixed case, names that only nearly match, equal timestamps, equal utilizations and names,
/// unknown waiters, unknown blocked-on ends and nameless scopes, in two processes that reuse ids. The spec leaves the
/// order of ties open; the packs break them by key (conn_id, stream_id, then the row's ids), and the oracle does too.
/// Orders follow SQLite: NULL before any value ascending, after any value descending; text compared bytewise.
/// </summary>
public sealed class QueryPackOracleTests : IDisposable
{
    private const string S = "proc:1";
    private readonly TempDatabase _db = new();
    private readonly QueryPackRunner _packs;

    private static string Mpsc(string side, string occupancy, string capacity) =>
        "{\"" + side + "\":{\"lifecycle\":\"open\",\"details\":{\"mpsc\":{\"buffer\":{\"occupancy\":" + occupancy + ",\"capacity\":" + capacity + "}}}}}";

    public QueryPackOracleTests()
    {
        using (var writer = _db.OpenWriter())
        {
            writer.Write([
                new DeltaBatchReceived(1, Batch(S, 0, 20, [
                    Entity(0, "s-lower", "q.send"),
                    Entity(1, "s-title", "q.Send"),
                    Entity(2, "s-upper", "JOBS.SEND"),
                    Entity(3, "s-near", "q.sendx"),
                    Entity(4, "s-underscore", "q_send"),
                    Entity(5, "s-bare", "send"),
                    Entity(6, "s-lock", "x.send", """{"lock":{"kind":"mutex"}}"""),
                    Entity(7, "r-lower", "q.recv"),
                    Entity(8, "r-upper", "Q.RECV"),
                    Entity(9, "r-near", "q.recv2"),
                    Entity(10, "ch-a", "same", Mpsc("channel_tx", "4", "8")),
                    Entity(11, "ch-b", "same", Mpsc("channel_rx", "2", "4")),
                    Entity(12, "ch-c", "Same", Mpsc("channel_tx", "1", "2")),
                    Entity(13, "ch-d", "other", Mpsc("channel_tx", "0", "0")),
                    Entity(14, "ch-e", "unbounded", Mpsc("channel_tx", "3", "null")),
                    Entity(15, "ch-f", "oneshot", """{"channel_rx":{"lifecycle":{"closed":"sender_dropped"},"details":{"oneshot":{}}}}"""),
                    Scope(16, "sc-1", "beta"),
                    Scope(17, "sc-2", "Beta"),
                    new UpsertEntityScopeLink(18, "s-lower", "sc-1"),
                    new UpsertEntityScopeLink(19, "ghost", "sc-1"),
                ]), 100),
                new DeltaBatchReceived(1, Batch(S, 20, 30, [
                    new UpsertEntityScopeLink(20, "r-upper", "sc-2"),
                    new UpsertEntityScopeLink(21, "s-title", "sc-missing"),
                    new UpsertEntityScopeLink(22, "r-lower", "sc-1"),
                    Edge(23, "s-lower", "ch-a"),
                    Edge(24, "s-title", "nowhere"),
                    Edge(25, "s-upper", "ch-b"),
                    Edge(26, "s-near", "ch-a"),
                    Edge(27, "s-underscore", "ch-a"),
                    Edge(28, "s-bare", "ch-a"),
                    Edge(29, "s-lock", "ch-a"),
                ]), 2000),
                new DeltaBatchReceived(1, Batch(S, 30, 36, [
                    Edge(30, "r-lower", "ch-b"),
                    Edge(31, "r-upper", "ch-c"),
                    Edge(32, "r-near", "ch-c"),
                    Edge(33, "unknown-waiter.send", "ch-a"),
                    Edge(34, "s-lower", "ch-b", "polls"),
                    Edge(35, "s-upper", "ch-c"),
                ]), 1000),
                new DeltaBatchReceived(2, Batch(S, 0, 4, [
                    Entity(0, "s-lower", "other.SEND"),
                    Entity(1, "ch-a", "same", Mpsc("channel_tx", "2", "4")),
                    Edge(2, "s-lower", "ch-a"),
                    new UpsertEntityScopeLink(3, "s-lower", "sc-1"),
                ]), 2000),
            ]);
        }
        _packs = new QueryPackRunner(new SqlQueryExecutor(_db.Options));
    }

    private sealed record Row(long Conn, string Stream, object?[] Cells);

    private sealed record EntityRow(string? Name, JsonElement Json);

    private Dictionary<(long, string, string), EntityRow> Entities() =>
        _db.Rows("select conn_id, stream_id, entity_id, entity_json from entities").ToDictionary(
            r => ((long)r[0]!, (string)r[1]!, (string)r[2]!),
            r =>
            {
                var json = JsonDocument.Parse((string)r[3]!).RootElement.Clone();
                return new EntityRow(json.TryGetProperty("name", out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null, json);
            });

    private static string? NameOf(Dictionary<(long, string, string), EntityRow> entities, long conn, string stream, string id) =>
        entities.TryGetValue((conn, stream, id), out var e) ? e.Name : null;

    /// <summary>SQLite's order: NULL first, then integers and reals by value, then text bytewise.</summary>
    private static int Compare(object? a, object? b) => (a, b) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        (string x, string y) => string.CompareOrdinal(x, y),
        _ => Convert.ToDouble(a).CompareTo(Convert.ToDouble(b)),
    };

    /// <summary>A needs edge with its waiter and blocked-on entities (null when unknown).</summary>
    private sealed record Needs(long Conn, string Stream, string Src, string Dst, long UpdatedAtNs, EntityRow? Waiter, EntityRow? BlockedOn);

    private List<Needs> NeedsEdges()
    {
        var entities = Entities();
        return [.. _db.Rows("select conn_id, stream_id, src_id, dst_id, kind_json, updated_at_ns from edges")
            .Where(r => (string)r[4]! == "\"needs\"")
            .Select(r =>
            {
                var (conn, stream) = ((long)r[0]!, (string)r[1]!);
                return new Needs(conn, stream, (string)r[2]!, (string)r[3]!, (long)r[5]!,
                    entities.GetValueOrDefault((conn, stream, (string)r[2]!)), entities.GetValueOrDefault((conn, stream, (string)r[3]!)));
            })];
    }

    private static IEnumerable<Needs> ByTime(IEnumerable<Needs> edges, bool newestFirst)
    {
        var ordered = newestFirst ? edges.OrderByDescending(e => e.UpdatedAtNs) : edges.OrderBy(e => e.UpdatedAtNs);
        return ordered.ThenBy(e => e.Conn).ThenBy(e => e.Stream, StringComparer.Ordinal)
            .ThenBy(e => e.Src, StringComparer.Ordinal).ThenBy(e => e.Dst, StringComparer.Ordinal);
    }

    /// <summary>The spec's "name ending in .send as SQLite's LIKE '%.send' matches": ASCII case folded, nothing else.</summary>
    private static bool EndsWithIgnoringAsciiCase(string? name, string suffix) =>
        name is not null && name.Length >= suffix.Length
        && name[^suffix.Length..].Select(AsciiLower).SequenceEqual(suffix.Select(AsciiLower));

    private static char AsciiLower(char c) => c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;

    private static IEnumerable<Needs> FuturesNamed(IEnumerable<Needs> edges, string suffix) =>
        edges.Where(e => e.Waiter is { } w && w.Json.GetProperty("body") is { ValueKind: JsonValueKind.String } body
            && body.GetString() == "future" && EndsWithIgnoringAsciiCase(w.Name, suffix));

    private List<object?[]> Oracle(string pack)
    {
        var needs = NeedsEdges();
        return pack switch
        {
            "blockers" => [.. ByTime(needs, true).Select(e => new object?[] { e.Src, e.Waiter?.Name, e.Dst, e.BlockedOn?.Name, "\"needs\"" })],
            "stale-blockers" => [.. ByTime(needs, false).Select(e => new object?[] { e.Src, e.Waiter?.Name, e.Dst, e.BlockedOn?.Name, e.UpdatedAtNs })],
            "blocked-senders" => [.. ByTime(FuturesNamed(needs, ".send"), true).Select(e => new object?[] { e.Src, e.Waiter!.Name, e.Dst, e.BlockedOn?.Name, e.UpdatedAtNs })],
            "blocked-receivers" => [.. ByTime(FuturesNamed(needs, ".recv"), true).Select(e => new object?[] { e.Src, e.Waiter!.Name, e.Dst, e.BlockedOn?.Name, e.UpdatedAtNs })],
            "stalled-sends" => [.. ByTime(FuturesNamed(needs, ".send"), true).Select(e => new object?[] { e.Src, e.Waiter!.Name, e.Dst, e.BlockedOn?.Name })],
            "channel-pressure" => ChannelPressure(),
            "channel-health" => ChannelHealth(),
            "scope-membership" => ScopeMembership(),
            _ => throw new ArgumentException(pack),
        };
    }

    private sealed record Channel(long Conn, string Stream, string Id, string? Name, JsonElement Body);

    private List<Channel> Channels() =>
        [.. _db.Rows("select conn_id, stream_id, entity_id, entity_json from entities").Select(r =>
        {
            var json = JsonDocument.Parse((string)r[3]!).RootElement.Clone();
            var body = json.GetProperty("body");
            var side = body.ValueKind == JsonValueKind.Object
                ? body.EnumerateObject().FirstOrDefault(p => p.Name is "channel_tx" or "channel_rx" && p.Value.ValueKind == JsonValueKind.Object)
                : default;
            return side.Value.ValueKind == JsonValueKind.Object
                ? new Channel((long)r[0]!, (string)r[1]!, (string)r[2]!, json.GetProperty("name").GetString(), side.Value)
                : null;
        }).OfType<Channel>()];

    private static object? Number(JsonElement parent, params string[] path)
    {
        foreach (var step in path)
            if (parent.ValueKind != JsonValueKind.Object || !parent.TryGetProperty(step, out parent)) return null;
        return parent.ValueKind == JsonValueKind.Number ? parent.GetInt64() : null;
    }

    private static IOrderedEnumerable<Channel> ThenByKey(IOrderedEnumerable<Channel> ordered) =>
        ordered.ThenBy(c => c.Conn).ThenBy(c => c.Stream, StringComparer.Ordinal).ThenBy(c => c.Id, StringComparer.Ordinal);

    private List<object?[]> ChannelPressure()
    {
        var mpsc = Channels().Where(c => c.Body.TryGetProperty("details", out var d) && d.TryGetProperty("mpsc", out _)).Select(c =>
        {
            var capacity = Number(c.Body, "details", "mpsc", "buffer", "capacity");
            var occupancy = Number(c.Body, "details", "mpsc", "buffer", "occupancy");
            object? utilization = capacity is long cap && cap > 0 && occupancy is long occ ? (double)occ / cap : null;
            return (Channel: c, Cells: new[] { c.Id, c.Name, capacity, occupancy, utilization });
        });
        var ordered = mpsc.OrderBy(x => x.Cells[4], Comparer<object?>.Create((a, b) => -Compare(a, b)))
            .ThenBy(x => x.Channel.Name, Comparer<object?>.Create(Compare))
            .ThenBy(x => x.Channel.Conn).ThenBy(x => x.Channel.Stream, StringComparer.Ordinal).ThenBy(x => x.Channel.Id, StringComparer.Ordinal);
        return [.. ordered.Select(x => x.Cells)];
    }

    private List<object?[]> ChannelHealth() =>
        [.. ThenByKey(Channels().OrderBy(c => c.Name, Comparer<object?>.Create(Compare))).Select(c => new object?[]
        {
            c.Id, c.Name,
            c.Body.GetProperty("lifecycle") is { ValueKind: JsonValueKind.String } text ? text.GetString() : c.Body.GetProperty("lifecycle").GetRawText(),
            Number(c.Body, "details", "mpsc", "buffer", "capacity"),
            Number(c.Body, "details", "mpsc", "buffer", "occupancy"),
        })];

    private List<object?[]> ScopeMembership()
    {
        var entities = Entities();
        var scopes = _db.Rows("select conn_id, stream_id, scope_id, scope_json from scopes").ToDictionary(
            r => ((long)r[0]!, (string)r[1]!, (string)r[2]!),
            r => JsonDocument.Parse((string)r[3]!).RootElement.GetProperty("name").GetString());
        var links = _db.Rows("select conn_id, stream_id, entity_id, scope_id from entity_scope_links").Select(r =>
        {
            var (conn, stream, entity, scope) = ((long)r[0]!, (string)r[1]!, (string)r[2]!, (string)r[3]!);
            return (conn, stream, entity, scope, ScopeName: scopes.GetValueOrDefault((conn, stream, scope)), EntityName: NameOf(entities, conn, stream, entity));
        });
        return [.. links
            .OrderBy(l => l.ScopeName, Comparer<object?>.Create(Compare))
            .ThenBy(l => l.EntityName, Comparer<object?>.Create(Compare))
            .ThenBy(l => l.conn).ThenBy(l => l.stream, StringComparer.Ordinal)
            .ThenBy(l => l.scope, StringComparer.Ordinal).ThenBy(l => l.entity, StringComparer.Ordinal)
            .Select(l => new object?[] { l.scope, l.ScopeName, l.entity, l.EntityName })];
    }

    public static TheoryData<string> Packs => [.. QueryPackCatalog.All.Select(p => p.Name)];

    [Theory]
    [MemberData(nameof(Packs))]
    public async Task Every_pack_returns_the_oracles_rows_in_the_oracles_order(string pack)
    {
        var expected = Oracle(pack);

        var actual = await _packs.RunAsync(pack, 1000);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Select(r => string.Join(" | ", r.Select(c => c?.ToString() ?? "NULL"))),
            actual.Rows.Select(r => string.Join(" | ", r.Select(c => c?.ToString() ?? "NULL"))));
    }

    [Theory]
    [MemberData(nameof(Packs))]
    public async Task A_limit_keeps_the_oracles_first_rows(string pack)
    {
        var expected = Oracle(pack).Take(2);

        var actual = await _packs.RunAsync(pack, 2);

        Assert.Equal(expected.Select(r => string.Join(" | ", r.Select(c => c?.ToString() ?? "NULL"))),
            actual.Rows.Select(r => string.Join(" | ", r.Select(c => c?.ToString() ?? "NULL"))));
    }

    [Fact]
    public async Task Senders_match_dot_send_in_any_ascii_case_and_nothing_that_only_nearly_ends_so()
    {
        var names = (await _packs.RunAsync("blocked-senders", 1000)).Rows.Select(r => (string)r[1]!).Order(StringComparer.Ordinal);

        Assert.Equal(["JOBS.SEND", "JOBS.SEND", "other.SEND", "q.Send", "q.send"], names);
    }

    public void Dispose() => _db.Dispose();
}

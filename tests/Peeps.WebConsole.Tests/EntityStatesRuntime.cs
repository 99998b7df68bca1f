namespace Peeps.WebConsole.Tests;

/// <summary>
/// A hand-driven runtime with one entity for each state the console must render (a closed channel and its
/// cause, a channel near full, one with opaque details, each lock kind and one named like an Object member, a
/// semaphore, a variant named like one, a request and a response per status) and one edge of every kind, so the
/// graph's wording, highlights and edge styles can be checked exactly.
/// </summary>
public static class EntityStatesRuntime
{
    public const string ProcessName = "states-rt";
    public const uint Pid = 77_002;

    // The process has been up a minute, so every entity has a visible, non-trivial age.
    private const ulong PtimeStartMs = 60_000;

    public const string RequestName = "states.request";
    public const string RequestMeta = """{"rpc.connection":"conn-7","attempt":2}""";

    /// <summary>What a person should read on each node: its state line and its highlight level.</summary>
    public static readonly IReadOnlyList<ExpectedNode> Nodes =
    [
        new("states.closed", "channel_tx", "mpsc · 0/8 · closed: receiver dropped", "closed"),
        new("states.closed", "channel_rx", "mpsc · 0/8 · closed: receiver dropped", "closed"),
        new("states.near", "channel_tx", "mpsc · 8/10 · open", "near"),
        new("states.near", "channel_rx", "mpsc · 8/10 · open", "near"),
        new("states.opaque", "channel_tx", "mpsc · open", "ok"),
        new("states.mutex", "lock", "mutex", "ok"),
        new("states.rwlock", "lock", "rw lock", "ok"),
        new("states.odd-lock", "lock", "toString", "ok"),
        new("states.permits", "semaphore", "permits 2/5 handed out", "ok"),
        new("states.odd-kind", "constructor", "note=unknown variant", "ok"),
        new(RequestName, "request", "Store.get (key: 7)", "ok"),
        new("states.response-pending", "response", "Store.get → pending", "ok"),
        new("states.response-ok", "response", "Store.get → ok", "ok"),
        new("states.response-error", "response", "Store.get → error", "error"),
        new("states.response-cancelled", "response", "Store.get → cancelled", "closed"),
    ];

    private static string Entity(string id, string name, string body, ulong birth, string meta = "{}") =>
        $$"""{"id":"{{id}}","birth":{{birth}},"source":"src/states.rs:{{birth}}","name":"{{name}}","body":{{body}},"meta":{{meta}}}""";

    private static string Channel(string end, string lifecycle, int occupancy, int capacity) =>
        "{\"" + end + "\":{\"lifecycle\":" + lifecycle + ",\"details\":{\"mpsc\":{\"buffer\":{\"occupancy\":" + occupancy +
        ",\"capacity\":" + capacity + "}}}}}";

    private static string Response(string status) => $$$"""{"response":{"method":"Store.get","status":"{{{status}}}"}}""";

    private static string Edge(string src, string dst, string kind) => $$"""{"src":"{{src}}","dst":"{{dst}}","kind":"{{kind}}","meta":null}""";

    /// <summary>One edge of every kind (two channel links), as (src entity id, dst entity id, kind).</summary>
    public static readonly IReadOnlyList<(string Src, string Dst, string Kind)> Edges =
    [
        ("c-tx", "c-rx", "channel_link"),
        ("n-tx", "n-rx", "channel_link"),
        ("waiter", "mutex", "needs"),
        ("poller", "waiter", "polls"),
        ("c-rx", "closer", "closed_by"),
        ("req", "resp-ok", "rpc_link"),
    ];

    public static readonly RuntimeScript Script = new(
        ProcessName,
        Pid,
        [
            Entity("c-tx", "states.closed", Channel("channel_tx", """{"closed":"receiver_dropped"}""", 0, 8), 1_000),
            Entity("c-rx", "states.closed", Channel("channel_rx", """{"closed":"receiver_dropped"}""", 0, 8), 1_000),
            Entity("n-tx", "states.near", Channel("channel_tx", "\"open\"", 8, 10), 2_000),
            Entity("n-rx", "states.near", Channel("channel_rx", "\"open\"", 8, 10), 2_000),
            // Details that are a bare value rather than an object of fields.
            Entity("o-tx", "states.opaque", """{"channel_tx":{"lifecycle":"open","details":{"mpsc":"opaque"}}}""", 2_000),
            Entity("mutex", "states.mutex", """{"lock":{"kind":"mutex"}}""", 3_000),
            Entity("rwlock", "states.rwlock", """{"lock":{"kind":"rw_lock"}}""", 3_000),
            // A kind that is also a member of every JavaScript object: shown as sent, not as that member.
            Entity("odd-lock", "states.odd-lock", """{"lock":{"kind":"toString"}}""", 3_000),
            Entity("permits", "states.permits", """{"semaphore":{"max_permits":5,"handed_out_permits":2}}""", 4_000),
            // A variant the console does not know, named like a member of every JavaScript object.
            Entity("odd-kind", "states.odd-kind", """{"constructor":{"note":"unknown variant"}}""", 4_000),
            Entity("req", RequestName, """{"request":{"method":"Store.get","args_preview":"(key: 7)"}}""", 5_000, RequestMeta),
            Entity("resp-pending", "states.response-pending", Response("pending"), 5_000),
            Entity("resp-ok", "states.response-ok", Response("ok"), 5_000),
            Entity("resp-error", "states.response-error", Response("error"), 5_000),
            Entity("resp-cancelled", "states.response-cancelled", Response("cancelled"), 5_000),
            Entity("waiter", "states.lock-waiter", "\"future\"", 6_000),
            Entity("poller", "states.poller", "\"future\"", 6_000),
            Entity("closer", "states.closer", "\"future\"", 6_000),
        ],
        [.. Edges.Select(e => Edge(e.Src, e.Dst, e.Kind))],
        PtimeStartMs);
}

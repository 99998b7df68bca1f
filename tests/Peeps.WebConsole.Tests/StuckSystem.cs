namespace Peeps.WebConsole.Tests;

/// <summary>
/// Two hand-driven runtimes that are stuck the way the diagnosis spec describes, in two states a test moves between.
/// <para>
/// <b>Before.</b> <c>orders-api</c>'s <c>checkout</c> holds <c>orders.lock</c> (<c>orders.lock --needs--> checkout</c>)
/// and calls <c>Inventory.reserve</c> on <c>inventory</c>; the handler there calls back <c>Orders.confirm</c> on
/// <c>orders-api</c>, whose handler waits on <c>orders.lock</c>: one certain deadlock of eight entities across both
/// processes, closed through two rpc links and two handlers working on responses. <c>status-page</c> waits on the lock
/// (a chain into the deadlock). <c>refresh-catalog</c> calls <c>Catalog.fetch</c> on <c>inventory</c>, whose handler
/// waits on a database connection (a chain across a process hop to an external root blocker, not a deadlock). In
/// <c>inventory</c>, <c>audit.writer</c>, <c>audit.lock</c>, <c>audit.flusher</c> and the <c>audit.queue</c> receiver
/// wait on each other, but the queue's sender is alive outside the cycle: a candidate deadlock.
/// </para>
/// <para>
/// <b>After.</b> The catalog fetch finished (its request, response, handler and connection are gone), the audit queue
/// no longer waits on the writer (the candidate resolved), <c>orders.events</c> filled up and a new <c>events.send</c>
/// waits on it; the cross-process deadlock and the waits into it are still there: stuck.
/// </para>
/// </summary>
public static class StuckSystem
{
    public const string OrdersName = "orders-api";
    public const uint OrdersPid = 78_001;
    public const string InventoryName = "inventory";
    public const uint InventoryPid = 78_002;

    // Both processes have been up two minutes; the deadlock's waits began at about 30 s.
    private const ulong PtimeStartMs = 120_000;

    /// <summary>The certain deadlock's members (name, kind): four in each process.</summary>
    public static readonly IReadOnlyList<(string Name, string Kind)> DeadlockMembers =
    [
        ("checkout", "future"), ("Inventory.reserve", "request"), ("orders.lock", "lock"), ("Orders.confirm", "response"),
        ("confirm.handler", "future"), ("Inventory.reserve", "response"), ("reserve.handler", "future"), ("Orders.confirm", "request"),
    ];

    /// <summary>The candidate deadlock's members (name, kind), all in <c>inventory</c>.</summary>
    public static readonly IReadOnlyList<(string Name, string Kind)> CandidateMembers =
        [("audit.writer", "future"), ("audit.lock", "lock"), ("audit.flusher", "future"), ("audit.queue", "channel_rx")];

    public const string ChainHead = "refresh-catalog";

    /// <summary>From <see cref="ChainHead"/> to its root, in order; the step onto <c>Catalog.fetch</c>'s response crosses into <c>inventory</c>.</summary>
    public static readonly IReadOnlyList<(string Name, string Kind, string Process)> ChainSteps =
    [
        (ChainHead, "future", OrdersName),
        ("Catalog.fetch", "request", OrdersName),
        ("Catalog.fetch", "response", InventoryName),
        ("fetch.handler", "future", InventoryName),
        ("catalog-db", "net_connect", InventoryName),
    ];

    public const string IntoDeadlock = "status-page";

    private static string Orders(int n) => $"0a0a{n:x12}";

    private static string Inventory(int n) => $"1b1b{n:x12}";

    private static string Future(string id, string name, ulong birth) => SampleBatches.Entity(id, name, birth: birth);

    private static string Request(string id, string method, string args, ulong birth) =>
        SampleBatches.Entity(id, method, $$$"""{"request":{"method":"{{{method}}}","args_preview":"{{{args}}}"}}""", birth);

    private static string Response(string id, string method, ulong birth) =>
        SampleBatches.Entity(id, method, $$$"""{"response":{"method":"{{{method}}}","status":"pending"}}""", birth);

    private static string Mutex(string id, string name) => SampleBatches.Entity(id, name, """{"lock":{"kind":"mutex"}}""", 1_000);

    private static string ChannelEnd(string id, string name, string end, int occupancy, int capacity) =>
        SampleBatches.Entity(id, name,
            "{\"" + end + "\":{\"lifecycle\":\"open\",\"details\":{\"mpsc\":{\"buffer\":{\"occupancy\":" + occupancy + ",\"capacity\":" + capacity + "}}}}}",
            1_000);

    private static string Edge(string src, string dst, string kind = "needs") => $$"""{"src":"{{src}}","dst":"{{dst}}","kind":"{{kind}}","meta":null}""";

    private static readonly string[] OrdersCommon =
    [
        Future(Orders(1), "checkout", 30_000),
        Request(Orders(2), "Inventory.reserve", "(sku: 42)", 30_000),
        Mutex(Orders(3), "orders.lock"),
        Response(Orders(4), "Orders.confirm", 31_000),
        Future(Orders(5), "confirm.handler", 31_000),
        Future(Orders(6), IntoDeadlock, 60_000),
        Future(Orders(7), ChainHead, 100_000),
    ];

    private static readonly string[] OrdersCommonEdges =
    [
        Edge(Orders(1), Orders(2)),
        Edge(Orders(5), Orders(4)),
        Edge(Orders(5), Orders(3)),
        // The holder, expressed as the spec allows: the lock is held up by checkout.
        Edge(Orders(3), Orders(1)),
        // Recorded by the callee: inventory's request, answered by this response.
        Edge(Inventory(3), Orders(4), "rpc_link"),
        Edge(Orders(6), Orders(3)),
        Edge(Orders(9), Orders(10), "channel_link"),
    ];

    public static readonly RuntimeScript OrdersBefore = new(OrdersName, OrdersPid,
        [
            .. OrdersCommon,
            Request(Orders(8), "Catalog.fetch", "(page: 3)", 100_000),
            ChannelEnd(Orders(9), "orders.events", "channel_tx", 2, 16),
            ChannelEnd(Orders(10), "orders.events", "channel_rx", 2, 16),
        ],
        [.. OrdersCommonEdges, Edge(Orders(7), Orders(8))],
        PtimeStartMs);

    public static readonly RuntimeScript OrdersAfter = new(OrdersName, OrdersPid,
        [
            .. OrdersCommon,
            ChannelEnd(Orders(9), "orders.events", "channel_tx", 16, 16),
            ChannelEnd(Orders(10), "orders.events", "channel_rx", 16, 16),
            // Born after every other entity; a birth past the clock's start value could lie in the process's future.
            Future(Orders(11), "events.send", PtimeStartMs - 1_000),
        ],
        [.. OrdersCommonEdges, Edge(Orders(11), Orders(9))],
        PtimeStartMs);

    private static readonly string[] InventoryCommon =
    [
        Response(Inventory(1), "Inventory.reserve", 30_100),
        Future(Inventory(2), "reserve.handler", 30_100),
        Request(Inventory(3), "Orders.confirm", "(order: 7)", 31_000),
        Future(Inventory(7), "audit.writer", 50_000),
        Mutex(Inventory(8), "audit.lock"),
        Future(Inventory(9), "audit.flusher", 50_000),
        ChannelEnd(Inventory(10), "audit.queue", "channel_rx", 0, 8),
        ChannelEnd(Inventory(11), "audit.queue", "channel_tx", 0, 8),
    ];

    private static readonly string[] InventoryCommonEdges =
    [
        Edge(Orders(2), Inventory(1), "rpc_link"),
        Edge(Inventory(2), Inventory(1)),
        Edge(Inventory(2), Inventory(3)),
        Edge(Inventory(7), Inventory(8)),
        Edge(Inventory(8), Inventory(9)),
        Edge(Inventory(9), Inventory(10)),
        Edge(Inventory(11), Inventory(10), "channel_link"),
    ];

    public static readonly RuntimeScript InventoryBefore = new(InventoryName, InventoryPid,
        [
            .. InventoryCommon,
            Response(Inventory(4), "Catalog.fetch", 100_000),
            Future(Inventory(5), "fetch.handler", 100_000),
            SampleBatches.Entity(Inventory(6), "catalog-db", """{"net_connect":{"addr":"10.0.0.5:5432"}}""", 100_010),
        ],
        [
            .. InventoryCommonEdges,
            Edge(Orders(8), Inventory(4), "rpc_link"),
            Edge(Inventory(5), Inventory(4)),
            Edge(Inventory(5), Inventory(6)),
            // The user's annotation that the queue is fed by the writer closes the audit cycle.
            Edge(Inventory(10), Inventory(7)),
        ],
        PtimeStartMs);

    public static readonly RuntimeScript InventoryAfter = new(InventoryName, InventoryPid,
        [.. InventoryCommon], [.. InventoryCommonEdges], PtimeStartMs);
}

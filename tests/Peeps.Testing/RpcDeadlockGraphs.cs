using static Peeps.Testing.SnapshotGraphs;

namespace Peeps.Testing;

/// <summary>
/// Two processes stuck in one cycle through an RPC and its callback: in <c>svc-a</c> the task <c>caller</c> holds
/// the lock <c>state</c> (said as <c>state needs caller</c>, the way the spec lets a holder be expressed) and calls
/// <c>b.get</c> on <c>svc-b</c>; B's handler calls back <c>a.callback</c> on A, whose handler waits for the lock.
/// Outside the cycle, A's <c>poller</c> waits for the lock too (a chain into the deadlock), and B's <c>reader</c>
/// waits on a channel nobody fills (a chain to a root blocker). Ids carry each process's 4-character prefix.
/// </summary>
public static class RpcDeadlockGraphs
{
    public const string A = "svc-a";
    public const string B = "svc-b";

    public const string Caller = "aaaa00000001";
    public const string CallerRequest = "aaaa00000002";
    public const string CallbackResponse = "aaaa00000003";
    public const string CallbackHandler = "aaaa00000004";
    public const string StateLock = "aaaa00000005";
    public const string Poller = "aaaa00000006";
    public const string GetResponse = "bbbb00000001";
    public const string GetHandler = "bbbb00000002";
    public const string CallbackRequest = "bbbb00000003";
    public const string Reader = "bbbb00000004";
    public const string Inbox = "bbbb00000005";

    /// <summary>The eight members of the cycle, as (process, entity id), sorted the way answers sort them.</summary>
    public static readonly IReadOnlyList<(string Process, string EntityId)> CycleMembers =
    [
        (A, Caller), (A, CallerRequest), (A, CallbackResponse), (A, CallbackHandler), (A, StateLock),
        (B, GetResponse), (B, GetHandler), (B, CallbackRequest),
    ];

    public static readonly string ProcessA = Graph(
        [
            Entity(Caller, "caller"),
            Entity(CallerRequest, "b.get", Request("b.get")),
            Entity(CallbackResponse, "a.callback", Response("a.callback")),
            Entity(CallbackHandler, "a.callback.handler"),
            Entity(StateLock, "state", MutexLock),
            Entity(Poller, "poller"),
        ],
        [
            Edge(Caller, CallerRequest),
            Edge(CallbackHandler, CallbackResponse),
            Edge(CallbackHandler, StateLock),
            Edge(StateLock, Caller),
            Edge(Poller, StateLock),
            Edge(CallbackRequest, CallbackResponse, "rpc_link"),
        ]);

    public static readonly string ProcessB = Graph(
        [
            Entity(GetResponse, "b.get", Response("b.get")),
            Entity(GetHandler, "b.get.handler"),
            Entity(CallbackRequest, "a.callback", Request("a.callback")),
            Entity(Reader, "inbox.recv"),
            Entity(Inbox, "inbox", ChannelRx(0, 16)),
        ],
        [
            Edge(GetHandler, GetResponse),
            Edge(GetHandler, CallbackRequest),
            Edge(Reader, Inbox),
            Edge(CallerRequest, GetResponse, "rpc_link"),
        ]);

    /// <summary>B after its reader got a message: the wait on the inbox is gone, the cycle is not.</summary>
    public static readonly string ProcessBAfterInboxFilled = ProcessB.Replace("," + Edge(Reader, Inbox), "");
}

using System.Text.Json.Nodes;
using Peeps.Simulator.Model;

namespace Peeps.Simulator.Workload;

/// <summary>
/// RPC between the simulated processes, shaped as the Rust client records it: the caller creates the request R and
/// its futures need R; the callee creates only the response P and the edge <c>R --rpc_link--> P</c> in its own stream
/// (R is the caller's id, no entity of the callee), and its handler future works on P (<c>handler --needs--> P</c>).
/// A call may chain onwards from the handler; <c>DemoRpc.sleepy_forever</c>
/// chains never complete, which is what a stuck distributed call looks like. Calls complete innermost first.
/// </summary>
internal sealed class RpcNetwork
{
    private const int MaxInFlightPerCaller = 4;
    private const int MaxChainDepth = 2;
    private const string SleepyForever = "DemoRpc.sleepy_forever";

    private static readonly (string Method, string Args)[] Methods =
    [
        ("Storage.get", "key=\"user:42\""),
        ("Auth.check_token", "token=<redacted>"),
        ("Index.lookup", "term=\"async\", limit=20"),
        ("Billing.charge", "account=1187, cents=499"),
    ];

    private readonly List<RpcCall> _calls = [];
    private ulong _nextRequestId;

    public void Step(ProcessContext caller)
    {
        // A call is between two processes: the callee records the caller's request id, which must not be one of its own.
        if (caller.Peers.All(p => p == caller)) return;
        var inFlight = _calls.Count(c => c.Caller == caller && c.Parent is null && !c.NeverCompletes);
        if (inFlight < MaxInFlightPerCaller && (inFlight == 0 || caller.Chance(0.5)))
        {
            var forever = !_calls.Any(c => c.Caller == caller && c.NeverCompletes) && caller.Chance(0.25);
            var (method, args) = forever ? (SleepyForever, "(no args)") : caller.Pick(Methods);
            Start(caller, method, args, forever, parent: null, depth: 0);
            return;
        }
        var done = _calls.FirstOrDefault(c => c.Caller == caller && !c.NeverCompletes && c.Child is null);
        if (done is not null) Complete(done);
    }

    private void Start(ProcessContext caller, string method, string args, bool forever, RpcCall? parent, int depth)
    {
        var callee = PickCallee(caller);
        var requestId = ++_nextRequestId;
        var request = caller.Spawn(method, "src/rpc/client.rs:64", new RequestBody(method, args),
            new JsonObject { ["request_id"] = requestId, ["peer"] = callee.ProcessName });
        string? futureId = null;
        if (parent is null)
        {
            futureId = caller.Spawn("rpc.call", "src/rpc/client.rs:60", FutureBody.Instance).Id;
            caller.Needs(futureId, request.Id);
        }
        else
        {
            caller.Needs(parent.HandlerId, request.Id);
        }

        var responseMeta = new JsonObject { ["request_id"] = requestId, ["caller"] = caller.StreamId };
        var response = callee.Spawn(method, "src/rpc/server.rs:47", new ResponseBody(method, ResponseStatus.Pending), responseMeta);
        var handler = callee.Spawn("rpc.handle " + method, "src/rpc/server.rs:52", FutureBody.Instance);
        callee.Graph.Upsert(new Edge(request.Id, response.Id, EdgeKind.RpcLink, null));
        callee.Needs(handler.Id, response.Id);

        var call = new RpcCall
        {
            Caller = caller, Callee = callee, Method = method, NeverCompletes = forever,
            CallerRequestId = request.Id, CallerFutureId = futureId,
            CalleeResponseId = response.Id, HandlerId = handler.Id,
            Parent = parent,
        };
        _calls.Add(call);
        if (parent is not null) parent.Child = call;

        if (depth < MaxChainDepth && (forever || callee.Chance(0.35)))
        {
            var (nextMethod, nextArgs) = forever ? (method, args) : callee.Pick(Methods);
            Start(callee, nextMethod, nextArgs, forever, call, depth + 1);
        }
    }

    private void Complete(RpcCall call)
    {
        var roll = call.Caller.Random.NextDouble();
        var status = roll < 0.8 ? ResponseStatus.Ok : roll < 0.92 ? ResponseStatus.Error : ResponseStatus.Cancelled;
        var callee = call.Callee;
        var response = callee.Graph.Entity(call.CalleeResponseId);
        callee.Graph.Upsert(response with { Body = new ResponseBody(call.Method, status) });
        callee.Emit(response.Id, EventKind.StateChanged, EventMeta.StateChanged("pending", Json.WireName.Of(status)), "src/rpc/server.rs:63");
        callee.Graph.RemoveEntity(call.HandlerId);
        callee.Graph.RemoveEntity(call.CalleeResponseId);

        var caller = call.Caller;
        caller.Emit(call.CallerRequestId, EventKind.StateChanged, EventMeta.StateChanged("in_flight", Json.WireName.Of(status)), "src/rpc/client.rs:71");
        caller.Graph.RemoveEntity(call.CallerRequestId);
        if (call.CallerFutureId is { } futureId) caller.Graph.RemoveEntity(futureId);
        if (call.Parent is { } parent) parent.Child = null;
        _calls.Remove(call);
    }

    private static ProcessContext PickCallee(ProcessContext caller) => caller.Pick(caller.Peers.Where(p => p != caller).ToList());
}

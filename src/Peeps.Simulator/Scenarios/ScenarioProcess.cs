using System.Text.Json.Nodes;
using Peeps.Simulator.Model;
using Peeps.Simulator.Workload;

namespace Peeps.Simulator.Scenarios;

/// <summary>
/// One process of a stuck scenario, and the moves scenarios are made of, shaped as the diagnosis spec reads them: a
/// task's root future needs the wrapper future of what it awaits (named <c>{resource}.{op}</c>, as the client names
/// its wrappers), which needs the resource; a lock names its holder with <c>lock --needs--> holder</c> (the client
/// reports no holders, a user can; see <see cref="ReleasedBy"/>); RPC as the client records it (see <see cref="Request"/> and <see cref="Serve"/>).
/// </summary>
internal sealed class ScenarioProcess(ProcessContext ctx)
{
    public ProcessContext Context => ctx;

    public string Name => ctx.ProcessName;

    public ulong Now => ctx.Graph.Now;

    /// <summary>The process and thread scopes every runtime starts with.</summary>
    public void LayOut()
    {
        var process = new Scope(ctx.Graph.NewId(), Now, "src/main.rs:12", ctx.ProcessName, ScopeKind.Process, null);
        ctx.Graph.Upsert(process);
        ctx.ProcessScopeId = process.Id;
        var thread = new Scope(ctx.Graph.NewId(), Now, "src/main.rs:20", "tokio-runtime-worker-0", ScopeKind.Thread, null);
        ctx.Graph.Upsert(thread);
        ctx.ThreadScopeIds.Add(thread.Id);
    }

    /// <summary>A long-lived resource owned by the process (a lock, a channel end).</summary>
    public string Resource(string name, string source, EntityBody body, JsonNode? meta = null) =>
        ctx.SpawnStatic(name, source, body, meta).Id;

    /// <summary>A running task: a task scope and its root future, the future that holds locks and waits.</summary>
    public SimTask StartTask(string name, string source)
    {
        var scope = new Scope(ctx.Graph.NewId(), Now, source, name, ScopeKind.Task, null);
        ctx.Graph.Upsert(scope);
        var root = ctx.SpawnIn(scope.Id, name, source, FutureBody.Instance);
        ctx.EmitOnScope(scope.Id, EventKind.StateChanged, EventMeta.StateChanged("spawned", "running"), source);
        return new SimTask(scope.Id, root.Id, Now);
    }

    /// <summary>An entity of the task, such as the I/O operation it is in.</summary>
    public string Create(SimTask task, string name, string source, EntityBody body, JsonNode? meta = null) =>
        ctx.SpawnIn(task.ScopeId, name, source, body, meta).Id;

    /// <summary>The task awaits the resource: root needs wrapper, wrapper needs resource. Returns the wrapper.</summary>
    public string Await(SimTask task, string wrapperName, string source, string resourceId)
    {
        var wrapper = Create(task, wrapperName, source, FutureBody.Instance);
        ctx.Needs(task.RootFutureId, wrapper);
        ctx.Needs(wrapper, resourceId);
        return wrapper;
    }

    /// <summary>
    /// Only the task can free the resource, so the resource waits for it: a lock for its holder, a full channel's
    /// sender end for the task that drains the channel.
    /// </summary>
    public void ReleasedBy(string resourceId, SimTask task) => ctx.Needs(resourceId, task.RootFutureId);

    /// <summary>The caller's side of an RPC: the request R, which the calling task needs while the call is pending.</summary>
    public string Request(SimTask caller, string method, string args, ScenarioProcess callee, string source)
    {
        var request = Create(caller, method, source, new RequestBody(method, args), new JsonObject { ["peer"] = callee.Name });
        ctx.Needs(caller.RootFutureId, request);
        return request;
    }

    /// <summary>
    /// The callee's side: a handler task and its response P, <c>R --rpc_link--> P</c> recorded here although R is
    /// the caller's id, and the handler working on P (<c>handler --needs--> P</c>). No entity stands for R here.
    /// </summary>
    public SimTask Serve(string requestId, string method, ScenarioProcess caller, string source)
    {
        var handler = StartTask("handle " + method, source);
        var response = Create(handler, method, source, new ResponseBody(method, ResponseStatus.Pending),
            new JsonObject { ["caller"] = caller.Context.StreamId });
        ctx.Graph.Upsert(new Edge(requestId, response, EdgeKind.RpcLink, null));
        ctx.Needs(handler.RootFutureId, response);
        return handler;
    }

    /// <summary>The task ends: its entities go (and with them every edge they had), then its scope.</summary>
    public void Finish(SimTask task, IEnumerable<string> entityIds, string outcome, string source)
    {
        ctx.EmitOnScope(task.ScopeId, EventKind.StateChanged, EventMeta.StateChanged("running", outcome), source);
        foreach (var id in entityIds) ctx.Graph.RemoveEntity(id);
        ctx.Graph.Unlink(task.RootFutureId, task.ScopeId);
        ctx.Graph.RemoveEntity(task.RootFutureId);
        ctx.Graph.RemoveScope(task.ScopeId);
    }
}

using Peeps.Simulator.Model;

namespace Peeps.Simulator.Workload;

/// <summary>
/// Async tasks coming and going: each is a task scope with a root future that polls the futures spawned
/// inside it. Tasks are spawned while the process is under its entity target and retired above it.
/// </summary>
internal sealed class TaskTraffic
{
    private static readonly string[] Names = ["handle_connection", "flush_batches", "refresh_cache", "serve_rpc", "gc_sweep"];
    private ulong _spawned;

    public void Bootstrap(ProcessContext ctx)
    {
        var process = new Scope(ctx.Graph.NewId(), ctx.Graph.Now, "src/main.rs:12", ctx.ProcessName, ScopeKind.Process, null);
        ctx.Graph.Upsert(process);
        ctx.ProcessScopeId = process.Id;
        for (var i = 0; i < 2; i++)
        {
            var thread = new Scope(ctx.Graph.NewId(), ctx.Graph.Now, "src/main.rs:20", $"tokio-runtime-worker-{i}", ScopeKind.Thread, null);
            ctx.Graph.Upsert(thread);
            ctx.ThreadScopeIds.Add(thread.Id);
        }
        Spawn(ctx);
    }

    public void Step(ProcessContext ctx)
    {
        var retire = ctx.Tasks.Count > 0 && (ctx.OverTarget ? ctx.Chance(0.8) : ctx.Chance(0.3));
        if (retire) Retire(ctx);
        else if (!ctx.OverTarget) Spawn(ctx);
    }

    private void Spawn(ProcessContext ctx)
    {
        var name = ctx.Pick(Names);
        var scope = new Scope(ctx.Graph.NewId(), ctx.Graph.Now, "src/tasks.rs:30", $"{name} #{++_spawned}", ScopeKind.Task, null);
        ctx.Graph.Upsert(scope);
        var root = ctx.Spawn(name, "src/tasks.rs:31", FutureBody.Instance);
        ctx.Graph.Link(root.Id, scope.Id);
        ctx.EmitOnScope(scope.Id, EventKind.StateChanged, EventMeta.StateChanged("spawned", "running"), "src/tasks.rs:31");
        ctx.Tasks.Add(new SimTask(scope.Id, root.Id, ctx.Graph.Now));
    }

    private static void Retire(ProcessContext ctx)
    {
        var task = ctx.Tasks[0];
        ctx.Tasks.RemoveAt(0);
        ctx.EmitOnScope(task.ScopeId, EventKind.StateChanged, EventMeta.StateChanged("running", "completed"), "src/tasks.rs:44");
        ctx.Graph.Unlink(task.RootFutureId, task.ScopeId);
        ctx.Graph.RemoveEntity(task.RootFutureId);
        ctx.Graph.RemoveScope(task.ScopeId);
    }
}

using Peeps.Simulator.Model;

namespace Peeps.Simulator.Workload;

/// <summary>
/// Contention on the process's synchronization primitives: futures queueing on locks and a semaphore,
/// waiters on a notify, and a once-cell that initializes under waiters and is later replaced.
/// </summary>
internal sealed class SyncTraffic
{
    private const int MaxWaiters = 3;

    private readonly List<(string Id, string Verb, List<string> Waiters)> _locks = [];
    private readonly List<string> _semaphoreWaiters = [];
    private readonly List<string> _notifyWaiters = [];
    private readonly List<string> _cellWaiters = [];
    private string _semaphoreId = "";
    private string _notifyId = "";
    private string _cellId = "";

    public void Bootstrap(ProcessContext ctx)
    {
        _locks.Add((ctx.SpawnStatic("state.lock", "src/state.rs:23", new LockBody(LockKind.Mutex)).Id, "mutex.lock", []));
        _locks.Add((ctx.SpawnStatic("routes.rwlock", "src/router.rs:14", new LockBody(LockKind.RwLock)).Id, "rwlock.write", []));
        _locks.Add((ctx.SpawnStatic("cache.guard", "src/cache.rs:9", new LockBody(LockKind.Other)).Id, "guard.acquire", []));
        _semaphoreId = ctx.SpawnStatic("db.pool.permits", "src/db/pool.rs:31", new SemaphoreBody(4, 0)).Id;
        _notifyId = ctx.SpawnStatic("shutdown.notify", "src/main.rs:52", new NotifyBody(0)).Id;
        _cellId = NewCell(ctx);
    }

    public void Step(ProcessContext ctx)
    {
        switch (ctx.Random.Next(4))
        {
            case 0: Lock(ctx); break;
            case 1: Semaphore(ctx); break;
            case 2: Notify(ctx); break;
            default: OnceCell(ctx); break;
        }
    }

    private static void Lock(ProcessContext ctx, (string Id, string Verb, List<string> Waiters) target)
    {
        var (lockId, verb, waiters) = target;
        if (waiters.Count < MaxWaiters && ctx.Chance(0.55))
        {
            var future = ctx.Spawn(verb, "src/state.rs:61", FutureBody.Instance);
            ctx.Needs(future.Id, lockId);
            waiters.Add(future.Id);
            if (waiters.Count == 1)
                ctx.Emit(lockId, EventKind.StateChanged, EventMeta.StateChanged("locked", "contended"), "src/state.rs:61");
            return;
        }
        if (waiters.Count == 0) return;
        ctx.Graph.RemoveEntity(waiters[0]);
        waiters.RemoveAt(0);
        if (waiters.Count == 0)
            ctx.Emit(lockId, EventKind.StateChanged, EventMeta.StateChanged("contended", "locked"), "src/state.rs:64");
    }

    private void Lock(ProcessContext ctx) => Lock(ctx, ctx.Pick(_locks));

    private void Semaphore(ProcessContext ctx)
    {
        var body = (SemaphoreBody)ctx.Graph.Entity(_semaphoreId).Body;
        var acquire = _semaphoreWaiters.Count < MaxWaiters && ctx.Chance(0.55);
        if (acquire && body.HandedOutPermits < body.MaxPermits)
        {
            SetPermits(ctx, body.HandedOutPermits + 1);
        }
        else if (acquire)
        {
            var future = ctx.Spawn("semaphore.acquire", "src/db/pool.rs:58", FutureBody.Instance);
            ctx.Needs(future.Id, _semaphoreId);
            _semaphoreWaiters.Add(future.Id);
        }
        else if (_semaphoreWaiters.Count > 0)
        {
            // A released permit goes straight to the first waiter: handed-out count stays the same.
            ctx.Graph.RemoveEntity(_semaphoreWaiters[0]);
            _semaphoreWaiters.RemoveAt(0);
        }
        else if (body.HandedOutPermits > 0)
        {
            SetPermits(ctx, body.HandedOutPermits - 1);
        }
    }

    private void SetPermits(ProcessContext ctx, uint handedOut)
    {
        var entity = ctx.Graph.Entity(_semaphoreId);
        var body = (SemaphoreBody)entity.Body;
        ctx.Graph.Upsert(entity with { Body = body with { HandedOutPermits = handedOut } });
        ctx.Emit(_semaphoreId, EventKind.StateChanged,
            EventMeta.StateChanged($"{body.HandedOutPermits}/{body.MaxPermits}", $"{handedOut}/{body.MaxPermits}"), "src/db/pool.rs:58");
    }

    private void Notify(ProcessContext ctx)
    {
        if (_notifyWaiters.Count < MaxWaiters && ctx.Chance(0.6))
        {
            var future = ctx.Spawn("notify.notified", "src/main.rs:77", FutureBody.Instance);
            ctx.Needs(future.Id, _notifyId);
            _notifyWaiters.Add(future.Id);
        }
        else
        {
            foreach (var waiter in _notifyWaiters) ctx.Graph.RemoveEntity(waiter);
            _notifyWaiters.Clear();
        }
        var entity = ctx.Graph.Entity(_notifyId);
        ctx.Graph.Upsert(entity with { Body = new NotifyBody((uint)_notifyWaiters.Count) });
    }

    /// <summary>empty → initializing (waiters queue up) → initialized (waiters released) → replaced by a fresh cell.</summary>
    private void OnceCell(ProcessContext ctx)
    {
        var entity = ctx.Graph.Entity(_cellId);
        var body = (OnceCellBody)entity.Body;
        switch (body.State)
        {
            case OnceCellState.Empty:
                SetCell(ctx, entity, body with { State = OnceCellState.Initializing });
                break;
            case OnceCellState.Initializing when _cellWaiters.Count < MaxWaiters && ctx.Chance(0.6):
                var future = ctx.Spawn("once_cell.get_or_init", "src/config/mod.rs:19", FutureBody.Instance);
                ctx.Needs(future.Id, _cellId);
                _cellWaiters.Add(future.Id);
                SetCell(ctx, entity, body with { WaiterCount = (uint)_cellWaiters.Count });
                break;
            case OnceCellState.Initializing:
                foreach (var waiter in _cellWaiters) ctx.Graph.RemoveEntity(waiter);
                _cellWaiters.Clear();
                SetCell(ctx, entity, new OnceCellBody(0, OnceCellState.Initialized));
                break;
            default:
                ctx.Graph.RemoveEntity(_cellId);
                _cellId = NewCell(ctx);
                break;
        }
    }

    private static void SetCell(ProcessContext ctx, Entity entity, OnceCellBody body)
    {
        var previous = (OnceCellBody)entity.Body;
        ctx.Graph.Upsert(entity with { Body = body });
        if (previous.State != body.State)
            ctx.Emit(entity.Id, EventKind.StateChanged,
                EventMeta.StateChanged(Json.WireName.Of(previous.State), Json.WireName.Of(body.State)), "src/config/mod.rs:19");
    }

    private static string NewCell(ProcessContext ctx) =>
        ctx.SpawnStatic("CONFIG", "src/config/mod.rs:12", new OnceCellBody(0, OnceCellState.Empty)).Id;
}

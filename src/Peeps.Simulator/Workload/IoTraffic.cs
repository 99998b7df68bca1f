using Peeps.Simulator.Model;

namespace Peeps.Simulator.Workload;

/// <summary>
/// Short-lived I/O: a child process, file operations and socket operations, each an entity with a future
/// waiting on it, finished (and removed) a few steps later.
/// </summary>
internal sealed class IoTraffic
{
    private const int MaxInFlight = 6;

    private static readonly string[] Paths = ["/var/lib/app/state.db", "/etc/app/config.toml", "/tmp/upload-3f2a.part", "/var/log/app/current.log"];
    private static readonly string[] Peers = ["10.0.0.12:5432", "10.0.0.31:6379", "api.internal:443", "127.0.0.1:9200"];

    private readonly Queue<(string OpId, string FutureId)> _inFlight = new();
    private string _listenerId = "";

    public void Bootstrap(ProcessContext ctx) =>
        _listenerId = ctx.SpawnStatic("tcp.listener", "src/server.rs:40", new NetBody(NetOp.Accept, "0.0.0.0:8080")).Id;

    public void Step(ProcessContext ctx)
    {
        if (_inFlight.Count >= MaxInFlight || (_inFlight.Count > 0 && ctx.Chance(0.45)))
        {
            var (doneOpId, doneFutureId) = _inFlight.Dequeue();
            ctx.Emit(doneOpId, EventKind.StateChanged, EventMeta.StateChanged("pending", "done"), "src/io.rs:12");
            ctx.Graph.RemoveEntity(doneFutureId);
            if (doneOpId != _listenerId) ctx.Graph.RemoveEntity(doneOpId);
            return;
        }
        var path = ctx.Pick(Paths);
        var peer = ctx.Pick(Peers);
        var (verb, source, name, body) = ctx.Random.Next(7) switch
        {
            0 => ("command.output", "src/build/git.rs:27", "git rev-parse HEAD",
                (EntityBody?)new CommandBody("git", ["rev-parse", "HEAD"], ["GIT_DIR=/srv/repo/.git", "LANG=C"])),
            1 => ("fs.op", "src/storage/files.rs:44", path, new FileOpBody(PickOp(ctx), path)),
            2 => ("fs.write", "src/storage/files.rs:71", path, new FileOpBody(FileOpKind.Write, path)),
            3 => ("tcp.connect", "src/net/client.rs:33", peer, new NetBody(NetOp.Connect, peer)),
            4 => ("tcp.read", "src/net/conn.rs:88", peer, new NetBody(NetOp.Read, peer)),
            5 => ("tcp.write", "src/net/conn.rs:102", peer, new NetBody(NetOp.Write, peer)),
            _ => ("tcp.accept", "src/server.rs:52", "", null),
        };
        var opId = body is null ? _listenerId : ctx.Spawn(name, source, body).Id;
        var future = ctx.Spawn(verb, source, FutureBody.Instance);
        ctx.Needs(future.Id, opId);
        _inFlight.Enqueue((opId, future.Id));
    }

    private static FileOpKind PickOp(ProcessContext ctx) => (FileOpKind)ctx.Random.Next(Enum.GetValues<FileOpKind>().Length);
}

using System.Collections.Concurrent;
using System.Collections.Immutable;
using Akka.Actor;
using Akka.Configuration;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit;
using Akka.TestKit.Xunit2;
using Peeps.Ingest.Connections;
using Peeps.Ingest.Coordination;
using Peeps.Storage.Writing;

namespace Peeps.Ingest.Tests.Coordination;

/// <summary>
/// TestKit with an in-memory journal, a recording store and a registry stand-in that lists probes as the
/// live connections.
/// </summary>
public abstract class CoordinatorTestKit : TestKit
{
    private static readonly Config JournalInMemory = ConfigurationFactory.ParseString("""
        akka.loglevel = WARNING
        akka.persistence.journal.plugin = "akka.persistence.journal.inmem"
        akka.persistence.snapshot-store.plugin = "akka.persistence.no-snapshot-store"
        """);

    private ImmutableList<LiveConnection> _live = [];

    protected CoordinatorTestKit() : base(JournalInMemory)
    {
        Store = new StoreOutbox(64);
        Store.Attach(UnbundlingSink.Into(Recorded), Sys.Materializer());
        Registry = CreateTestProbe("registry");
        Registry.SetAutoPilot(new DelegateAutoPilot((sender, message) =>
        {
            if (message is ConnectionRegistry.GetLive) sender.Tell(new ConnectionRegistry.Live([.. Volatile.Read(ref _live)]));
            return AutoPilot.KeepRunning;
        }));
    }

    protected StoreOutbox Store { get; }

    protected ConcurrentQueue<WriteCommand> Recorded { get; } = new();

    protected TestProbe Registry { get; }

    /// <summary>A probe standing in for a connection actor, listed by the registry from now on.</summary>
    protected TestProbe Connect(long connId, string processName, uint pid)
    {
        var probe = CreateTestProbe($"conn-{connId}");
        ImmutableInterlocked.Update(ref _live, live => live.Add(new LiveConnection(connId, processName, pid, 0, probe.Ref)));
        return probe;
    }

    /// <summary>The registry stops listing it, as when its actor stops.</summary>
    protected void Forget(long connId) =>
        ImmutableInterlocked.Update(ref _live, live => live.RemoveAll(c => c.ConnId == connId));

    protected T[] RecordedOf<T>() where T : WriteCommand => [.. Recorded.OfType<T>()];
}

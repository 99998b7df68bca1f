using System.Collections.Immutable;
using Akka.Actor;

namespace Peeps.Ingest.Connections;

/// <summary>Knows every live connection and its identity; a connection leaves when its actor stops.</summary>
public sealed class ConnectionRegistry : ReceiveActor
{
    public sealed record Register(long ConnId, long ConnectedAtNs, IActorRef Actor);

    public sealed record Identified(long ConnId, string ProcessName, uint Pid);

    public sealed record GetLive
    {
        public static readonly GetLive Instance = new();
    }

    /// <summary>Sorted as <c>/api/connections</c> lists them: process name, then pid, then conn id.</summary>
    public sealed record Live(ImmutableArray<LiveConnection> Connections)
    {
        /// <summary>
        /// Connections last known on a part of the server that did not answer (a cluster node): not listed, yet not
        /// known to be gone either. A single node's registry always answers for all of its own.
        /// </summary>
        public ImmutableHashSet<long> Unanswered { get; init; } = [];
    }

    private readonly Dictionary<long, LiveConnection> _byId = new();
    private readonly Dictionary<IActorRef, long> _byActor = new();

    public ConnectionRegistry()
    {
        Receive<Register>(register =>
        {
            var connection = new LiveConnection(register.ConnId, $"unknown-{register.ConnId}", 0, register.ConnectedAtNs, register.Actor);
            _byId[register.ConnId] = connection;
            _byActor[register.Actor] = register.ConnId;
            Context.Watch(register.Actor);
        });
        Receive<Identified>(identified =>
        {
            if (_byId.TryGetValue(identified.ConnId, out var connection))
                _byId[identified.ConnId] = connection with { ProcessName = identified.ProcessName, Pid = identified.Pid };
        });
        Receive<GetLive>(_ => Sender.Tell(new Live(
            [.. _byId.Values
                .OrderBy(c => c.ProcessName, StringComparer.Ordinal)
                .ThenBy(c => c.Pid)
                .ThenBy(c => c.ConnId)])));
        Receive<Terminated>(terminated =>
        {
            if (_byActor.Remove(terminated.ActorRef, out var connId))
                _byId.Remove(connId);
        });
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new ConnectionRegistry());
}

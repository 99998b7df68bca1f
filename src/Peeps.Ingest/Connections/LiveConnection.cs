using Akka.Actor;

namespace Peeps.Ingest.Connections;

/// <summary>A connection that is open now. Before its handshake it is named <c>unknown-&lt;conn_id&gt;</c> with pid 0.</summary>
public sealed record LiveConnection(long ConnId, string ProcessName, uint Pid, long ConnectedAtNs, IActorRef Actor);

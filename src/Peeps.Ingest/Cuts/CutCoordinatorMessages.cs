using System.Collections.Immutable;
using System.Diagnostics;
using Akka.Actor;
using Peeps.Ingest.Connections;

namespace Peeps.Ingest.Cuts;

/// <summary>
/// Start a cut across every live connection; answered with <see cref="CutStarted"/> or <see cref="CutNotStarted"/>.
/// <paramref name="Trace"/> is the asker's span, under which the coordinator's spans are started.
/// </summary>
public sealed record StartCut(ActivityContext Trace = default)
{
    public static readonly StartCut Instance = new();
}

public sealed record CutStarted(string CutId, long RequestedAtNs, int RequestedConnections);

public sealed record CutNotStarted(string Reason);

/// <summary>Answered with <see cref="CutStatus"/> or <see cref="CutNotFound"/>.</summary>
public sealed record GetCut(string CutId);

public sealed record CutNotFound(string CutId);

/// <summary>Answered with <see cref="OldestOpenCut"/>: retention holds history back to the oldest cut still in progress.</summary>
public sealed record GetOldestOpenCut
{
    public static readonly GetOldestOpenCut Instance = new();
}

/// <param name="RequestedAtNs">When the oldest cut with a pending member was requested; null when none is in progress.</param>
public sealed record OldestOpenCut(long? RequestedAtNs);

/// <summary>The commit feed advanced <see cref="CommitHighWaterMarks"/>: pending members may now be committed.</summary>
public sealed record CursorsCommitted
{
    public static readonly CursorsCommitted Instance = new();
}

/// <param name="Span">The cut's start span, ended once the asker is answered.</param>
internal sealed record LiveForCut(ImmutableArray<LiveConnection> Connections, IActorRef ReplyTo, Activity? Span);

internal sealed record CutRegistryFailed(string Reason, IActorRef ReplyTo, Activity? Span);

internal sealed record PruneCommittedCursors
{
    public static readonly PruneCommittedCursors Instance = new();
}

/// <summary><paramref name="Candidates"/> are the connections known before the registry was asked, so one that arrived since is never pruned.</summary>
internal sealed record LiveForPrune(ImmutableArray<LiveConnection> Connections, ImmutableHashSet<long> Candidates);

/// <summary>The live connections when the coordinator recovered: its pending members are resumed or settled against them.</summary>
internal sealed record LiveAfterRecovery(ImmutableArray<LiveConnection> Connections, ImmutableHashSet<long> Unanswered);

internal sealed record RecoveryRegistryFailed(string Reason);

/// <summary>An acked member's connection went <see cref="CutSettings.DisconnectGrace"/> ago and is still pending.</summary>
internal sealed record DisconnectGraceExpired(long ConnId);

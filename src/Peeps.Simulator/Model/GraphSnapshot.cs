namespace Peeps.Simulator.Model;

/// <summary>A process's full current state, as sent in a <c>snapshot_reply</c>.</summary>
public sealed record GraphSnapshot(
    IReadOnlyList<Entity> Entities,
    IReadOnlyList<Scope> Scopes,
    IReadOnlyList<Edge> Edges,
    IReadOnlyList<Event> Events);

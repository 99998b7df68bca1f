namespace Peeps.Storage.History;

/// <summary>Bounds on answering the graph at a past instant (<c>GET /api/graph?at=</c> and what reads through it).</summary>
public sealed record HistorySettings
{
    /// <summary>Largest rebuilt document; a larger one is refused with a hint to narrow it to one process.</summary>
    public long MaxResultBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Longest one rebuild may run (reads and replay); checkpoints keep a normal rebuild far below it.</summary>
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Rebuilds running at once; a request finding none free is refused (503), not queued.</summary>
    public int MaxConcurrentRebuilds { get; init; } = 2;
}

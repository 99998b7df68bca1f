namespace Peeps.Diagnosis;

/// <summary>Thresholds of the warnings and bounds of the answer; every list an answer holds is cut at a bound here.</summary>
public sealed record DiagnosisSettings
{
    /// <summary>Steps a wait chain is followed before the walk stops and says so.</summary>
    public int MaxChainDepth { get; init; } = 32;

    /// <summary>Wait chains in one answer (the longest-blocked first).</summary>
    public int MaxChains { get; init; } = 200;

    /// <summary>Tree nodes of one wait chain, so a wide fan-out of shared waits cannot blow an answer up.</summary>
    public int MaxChainNodes { get; init; } = 256;

    /// <summary>Members (and edges) listed per deadlock; the count is always whole.</summary>
    public int MaxDeadlockMembers { get; init; } = 500;

    /// <summary>Warnings in one answer; the per-id counts are always whole.</summary>
    public int MaxWarnings { get; init; } = 500;

    /// <summary>Items in each list of a diff.</summary>
    public int MaxDiffItems { get; init; } = 1000;

    /// <summary><c>long_wait</c>: a wait older than this.</summary>
    public TimeSpan LongWait { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>channel_full</c>: a bounded channel at capacity at least this long.</summary>
    public TimeSpan ChannelFull { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary><c>request_unanswered</c>: a request with no resolved response after this long.</summary>
    public TimeSpan RequestUnanswered { get; init; } = TimeSpan.FromSeconds(5);
}

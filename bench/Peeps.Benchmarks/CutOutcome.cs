namespace Peeps.Benchmarks;

/// <summary>How one cut the harness took ended.</summary>
public abstract record CutOutcome
{
    public sealed record Taken(CutTiming Timing) : CutOutcome;

    /// <summary>The server answered 503: it could not queue the cut's row.</summary>
    public sealed record Refused : CutOutcome;

    /// <summary>Still pending after the harness gave up on it.</summary>
    public sealed record Unfinished : CutOutcome;
}

/// <summary>One completed cut, in milliseconds (see <see cref="CutFigures"/>).</summary>
public sealed record CutTiming(double CompletionMs, double PastSlowestAckMs, double PastSlowestAckServerMs);

namespace Peeps.Storage.History;

/// <summary>
/// What the history says about a process's clock (process-relative ms, the unit of entity births and event times).
/// A batch received at wall time W holds nothing the process stamped after W, so for its newest stamp t the clock's
/// offset (wall ms − process ms) is at most W − t; the smallest such bound over the stream is the estimate, late by
/// at most the time a change waits before it is pulled (about 100 ms with the Rust client) when the process is busy.
/// </summary>
public readonly record struct ProcessClock(long? OffsetMs)
{
    public static readonly ProcessClock Unknown = new((long?)null);

    public ProcessClock Observe(long receivedAtNs, long processTimeMs)
    {
        var bound = receivedAtNs / 1_000_000 - processTimeMs;
        return OffsetMs is { } known && known <= bound ? this : new ProcessClock(bound);
    }

    /// <summary>The process's clock at wall time <paramref name="atNs"/>, or null when no stamp was ever seen.</summary>
    public long? ProcessTimeAt(long atNs) => OffsetMs is { } offset ? Math.Max(0, atNs / 1_000_000 - offset) : null;
}

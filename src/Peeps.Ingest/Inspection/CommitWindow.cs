using System.Diagnostics;

namespace Peeps.Ingest.Inspection;

/// <summary>
/// The most recent commits (duration and size) in a fixed ring, for percentiles over a sliding time window.
/// Written once per commit by the writer thread and read by HTTP requests, so a plain lock is cheap enough.
/// </summary>
public sealed class CommitWindow(TimeSpan window, int capacity)
{
    private readonly record struct Entry(long At, double DurationMs, int Commands, long Weight);

    private readonly Entry[] _ring = new Entry[capacity];
    private readonly Lock _gate = new();
    private int _next;
    private int _count;

    public void Add(long at, TimeSpan duration, int commands, long weight)
    {
        lock (_gate)
        {
            _ring[_next] = new Entry(at, duration.TotalMilliseconds, commands, weight);
            _next = (_next + 1) % _ring.Length;
            _count = Math.Min(_count + 1, _ring.Length);
        }
    }

    public CommitWindowStats Read(long now)
    {
        Entry[] entries;
        lock (_gate) entries = [.. _ring.Take(_count)];
        var oldest = now - (long)(window.TotalSeconds * Stopwatch.Frequency);
        var recent = entries.Where(e => e.At >= oldest).ToArray();
        if (recent.Length == 0) return CommitWindowStats.Empty;
        var durations = recent.Select(e => e.DurationMs).Order().ToArray();
        return new CommitWindowStats(
            recent.Length,
            Percentile(durations, 0.50),
            Percentile(durations, 0.99),
            durations[^1],
            recent.Average(e => e.Commands),
            recent.Max(e => e.Commands),
            recent.Average(e => e.Weight),
            recent.Max(e => e.Weight));
    }

    /// <summary>Nearest rank: a value that was actually observed.</summary>
    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

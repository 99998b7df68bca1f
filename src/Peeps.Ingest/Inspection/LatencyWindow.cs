using System.Diagnostics;

namespace Peeps.Ingest.Inspection;

/// <summary>
/// The most recent samples of one latency in a fixed ring, for percentiles over a sliding time window. Written by the
/// writer thread (or the GC listener) and read by HTTP requests; a plain lock is cheap at those rates.
/// </summary>
public sealed class LatencyWindow(TimeSpan window, int capacity)
{
    private readonly (long At, double Ms)[] _ring = new (long, double)[capacity];
    private readonly Lock _gate = new();
    private int _next;
    private int _count;

    public void Add(long at, double ms)
    {
        lock (_gate)
        {
            _ring[_next] = (at, ms);
            _next = (_next + 1) % _ring.Length;
            _count = Math.Min(_count + 1, _ring.Length);
        }
    }

    public LatencyStats Read(long now)
    {
        (long At, double Ms)[] samples;
        lock (_gate) samples = [.. _ring.Take(_count)];
        var oldest = now - (long)(window.TotalSeconds * Stopwatch.Frequency);
        var recent = samples.Where(s => s.At >= oldest).Select(s => s.Ms).Order().ToArray();
        return recent.Length == 0
            ? LatencyStats.Empty
            : new LatencyStats(recent.Length, Percentile(recent, 0.50), Percentile(recent, 0.99), recent[^1], recent.Sum());
    }

    /// <summary>Nearest rank: a value that was actually observed.</summary>
    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}

/// <summary>Samples in a <see cref="LatencyWindow"/>: nearest-rank percentiles, the largest and the sum; nulls when none.</summary>
public sealed record LatencyStats(int Count, double? P50Ms, double? P99Ms, double? MaxMs, double? TotalMs)
{
    public static LatencyStats Empty { get; } = new(0, null, null, null, null);
}

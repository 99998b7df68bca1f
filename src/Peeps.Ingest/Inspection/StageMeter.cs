using System.Diagnostics;

namespace Peeps.Ingest.Inspection;

/// <summary>
/// Counters of one metered point of a stream: elements that passed, their units (bytes, changes, weight), and how
/// long the point has waited on downstream demand after pushing (backpressured time). Written by the stage that
/// owns it, read from anywhere; <see cref="Sample"/> turns totals into per-window figures.
/// </summary>
/// <remarks>
/// Backpressure is measured only where exactly one stage writes the meter (<paramref name="tracksBackpressure"/>):
/// a shared meter cannot tell one producer's wait from another's. Reads race with writes by design; a reader may
/// miss an interval that is just closing, which the next sample makes good (window figures are clamped at zero).
/// </remarks>
public sealed class StageMeter(bool tracksBackpressure = true)
{
    private long _elements;
    private long _units;
    private long _backpressuredTicks;
    private long _waitingSince;
    private int _attached;

    private long _sampledElements;
    private long _sampledUnits;
    private long _sampledBackpressuredTicks;

    public bool TracksBackpressure { get; } = tracksBackpressure;

    public long Elements => Volatile.Read(ref _elements);

    public long Units => Volatile.Read(ref _units);

    /// <summary>Stages currently materialized on this meter (several for a meter shared by every producer of a hub).</summary>
    public int Attached => Volatile.Read(ref _attached);

    public double ElementsPerSecond { get; private set; }

    public double UnitsPerSecond { get; private set; }

    /// <summary>Milliseconds spent backpressured during the last sample window; null when not measured here.</summary>
    public double? BackpressuredMsInWindow { get; private set; }

    public TimeSpan BackpressuredTotal => Stopwatch.GetElapsedTime(0, BackpressuredTicksAt(Stopwatch.GetTimestamp()));

    public void OnElement(long units)
    {
        Interlocked.Increment(ref _elements);
        if (units != 0) Interlocked.Add(ref _units, units);
    }

    public void OnPushed(long now)
    {
        if (TracksBackpressure) Volatile.Write(ref _waitingSince, now);
    }

    public void OnDemand(long now)
    {
        if (!TracksBackpressure) return;
        var since = Volatile.Read(ref _waitingSince);
        if (since == 0) return;
        Volatile.Write(ref _waitingSince, 0);
        Volatile.Write(ref _backpressuredTicks, _backpressuredTicks + (now - since));
    }

    public void OnAttached() => Interlocked.Increment(ref _attached);

    public void OnDetached() => Interlocked.Decrement(ref _attached);

    /// <summary>Closes the sample window that started at the previous call. Called by one sampler thread.</summary>
    public void Sample(long now, double windowSeconds)
    {
        var elements = Elements;
        var units = Units;
        var backpressured = BackpressuredTicksAt(now);
        ElementsPerSecond = Math.Max(0, elements - _sampledElements) / windowSeconds;
        UnitsPerSecond = Math.Max(0, units - _sampledUnits) / windowSeconds;
        BackpressuredMsInWindow = TracksBackpressure
            ? Math.Max(0, backpressured - _sampledBackpressuredTicks) * 1000.0 / Stopwatch.Frequency
            : null;
        _sampledElements = elements;
        _sampledUnits = units;
        _sampledBackpressuredTicks = Math.Max(_sampledBackpressuredTicks, backpressured);
    }

    /// <summary>Completed waits plus the one in progress, if any.</summary>
    private long BackpressuredTicksAt(long now)
    {
        var since = Volatile.Read(ref _waitingSince);
        var done = Volatile.Read(ref _backpressuredTicks);
        return since == 0 ? done : done + Math.Max(0, now - since);
    }
}

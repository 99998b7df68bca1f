using System.Diagnostics;

namespace Peeps.Storage.History;

/// <summary>A time limit on one rebuild, checked at points where stopping leaves nothing half done.</summary>
public readonly struct Deadline(TimeSpan limit)
{
    private readonly long _started = Stopwatch.GetTimestamp();

    public static Deadline None => new(TimeSpan.MaxValue);

    public TimeSpan Limit => limit;

    public void ThrowIfPassed()
    {
        if (limit != TimeSpan.MaxValue && Stopwatch.GetElapsedTime(_started) > limit)
            throw new GraphAtTimeoutException($"rebuilding the graph took longer than {limit.TotalSeconds:0.###} s (Peeps:History:TimeLimit); narrow it with process=");
    }
}

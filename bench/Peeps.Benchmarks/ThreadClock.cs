using System.Globalization;

namespace Peeps.Benchmarks;

/// <summary>CPU time the calling thread has run, from <c>/proc/thread-self/schedstat</c>: unlike wall time, other load on the machine does not inflate it.</summary>
public static class ThreadClock
{
    public static TimeSpan RunTime()
    {
        const string path = "/proc/thread-self/schedstat";
        if (!File.Exists(path)) return TimeSpan.Zero;
        var nanoseconds = long.Parse(File.ReadAllText(path).Split(' ')[0], CultureInfo.InvariantCulture);
        return TimeSpan.FromTicks(nanoseconds / 100);
    }
}

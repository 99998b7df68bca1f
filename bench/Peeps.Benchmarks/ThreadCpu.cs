using System.Globalization;

namespace Peeps.Benchmarks;

/// <summary>
/// CPU time per thread of a process from <c>/proc/&lt;pid&gt;/task/*/stat</c>: a profile cheap enough to take during
/// every run, telling whether the single writer thread is saturated or waiting on the rest of the pipeline.
/// </summary>
public sealed class ThreadCpu
{
    /// <summary>Linux reports utime and stime in clock ticks of 1/100 s on every common configuration.</summary>
    private const double TicksPerSecond = 100;

    private readonly Dictionary<int, (string Name, long Ticks)> _threads;

    private ThreadCpu(Dictionary<int, (string Name, long Ticks)> threads) => _threads = threads;

    public static ThreadCpu Read(int pid)
    {
        var threads = new Dictionary<int, (string, long)>();
        var tasks = $"/proc/{pid}/task";
        if (!Directory.Exists(tasks)) return new ThreadCpu(threads);
        foreach (var dir in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                // The name is in parentheses and may contain spaces; the numeric fields follow the last ')'.
                var open = stat.IndexOf('(');
                var close = stat.LastIndexOf(')');
                var fields = stat[(close + 2)..].Split(' ');
                var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                threads[int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture)] = (stat[(open + 1)..close], ticks);
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }
        return new ThreadCpu(threads);
    }

    /// <summary>CPU seconds spent since <paramref name="before"/>, per thread name (pools summed), busiest first.</summary>
    public IReadOnlyList<(string Name, double Seconds)> Since(ThreadCpu before) =>
        [.. _threads
            .Select(t => (t.Value.Name, Ticks: t.Value.Ticks - (before._threads.TryGetValue(t.Key, out var b) && b.Name == t.Value.Name ? b.Ticks : 0)))
            .GroupBy(t => t.Name)
            .Select(g => (g.Key, g.Sum(t => t.Ticks) / TicksPerSecond))
            .Where(t => t.Item2 > 0)
            .OrderByDescending(t => t.Item2)];
}

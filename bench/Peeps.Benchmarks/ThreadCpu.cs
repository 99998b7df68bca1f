using System.Globalization;

namespace Peeps.Benchmarks;

/// <summary>How long a thread (or a pool of same-named threads) ran on a CPU and how long it was runnable but waiting for one.</summary>
public sealed record ThreadTime(string Name, double RunSeconds, double WaitSeconds);

/// <summary>
/// Per-thread scheduler statistics of a process from <c>/proc/&lt;pid&gt;/task/*/schedstat</c>: a profile cheap enough
/// to take during every run. Run time says how busy the single writer thread was; run-queue wait says how much
/// of the rest the shared machine took from it, which tells "the pipeline starves the writer" from "the box is busy".
/// </summary>
public sealed class ThreadCpu
{
    private readonly Dictionary<int, (string Name, long RunNs, long WaitNs)> _threads;

    private ThreadCpu(Dictionary<int, (string Name, long RunNs, long WaitNs)> threads) => _threads = threads;

    public static ThreadCpu Read(int pid)
    {
        var threads = new Dictionary<int, (string, long, long)>();
        var tasks = $"/proc/{pid}/task";
        if (!Directory.Exists(tasks)) return new ThreadCpu(threads);
        foreach (var dir in Directory.EnumerateDirectories(tasks))
        {
            try
            {
                var name = File.ReadAllText(Path.Combine(dir, "comm")).TrimEnd('\n');
                var stat = File.ReadAllText(Path.Combine(dir, "schedstat")).Split(' ');
                threads[int.Parse(Path.GetFileName(dir), CultureInfo.InvariantCulture)] =
                    (name, long.Parse(stat[0], CultureInfo.InvariantCulture), long.Parse(stat[1], CultureInfo.InvariantCulture));
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }
        return new ThreadCpu(threads);
    }

    /// <summary>Time since <paramref name="before"/>, per thread name (pools summed), busiest first.</summary>
    public IReadOnlyList<ThreadTime> Since(ThreadCpu before) =>
        [.. _threads
            .Select(t =>
            {
                var (run, wait) = before._threads.TryGetValue(t.Key, out var b) && b.Name == t.Value.Name ? (b.RunNs, b.WaitNs) : (0, 0);
                return (t.Value.Name, Run: t.Value.RunNs - run, Wait: t.Value.WaitNs - wait);
            })
            .GroupBy(t => t.Name)
            .Select(g => new ThreadTime(g.Key, g.Sum(t => t.Run) / 1e9, g.Sum(t => t.Wait) / 1e9))
            .Where(t => t.RunSeconds > 0.005)
            .OrderByDescending(t => t.RunSeconds)];
}

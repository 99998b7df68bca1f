namespace Peeps.Ingest.Metrics;

/// <summary>
/// Meters of the whole process that <c>/metrics</c> carries beside the service's own, so a scrape alone shows the
/// server's health: .NET's built-in <c>System.Runtime</c> meter has process CPU time and working set, GC counts,
/// heap sizes, pause time and allocations, thread-pool threads, queue length and completed items, lock contention
/// and exceptions. They are process figures, so several servers in one process (the test host) show the same ones.
/// </summary>
public static class ProcessWideMeters
{
    public const string Runtime = "System.Runtime";

    public static readonly IReadOnlyList<string> Names = [Runtime];
}

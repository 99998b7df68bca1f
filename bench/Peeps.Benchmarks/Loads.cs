namespace Peeps.Benchmarks;

/// <summary>The offered loads of each end-to-end connection count.</summary>
public static class Loads
{
    /// <summary>Senders go back to back: the server's backpressure sets the pace.</summary>
    public const string Beyond = "beyond saturation";

    /// <summary>
    /// Paced at the rate the beyond-saturation run committed. At the client's pace that is more than the server commits
    /// (the same rate comes in more, smaller batches), so what this run commits is the saturation at the client's pace,
    /// the rate the loads below are paced at.
    /// </summary>
    public const string PacedBeyond = "paced beyond saturation";

    /// <summary>Paced at the saturation at the client's pace: p99 under 1 s.</summary>
    public const string At = "at saturation";

    /// <summary>Paced at half of it: p99 under 250 ms.</summary>
    public const string Half = "half saturation";

    /// <summary>Paced at a quarter of it: everyday load, where a live graph must not stutter (p99 under 100 ms).</summary>
    public const string Quarter = "quarter saturation";

    /// <summary>
    /// Runs that also take a cut every <see cref="BenchOptions.CutInterval"/>: issue 17 bounds cut completion at a quarter
    /// of saturation; beyond it, a cut waits for the backlog and would time the queue.
    /// </summary>
    public static bool TakesCuts(string load) => load is Quarter or Half;
}

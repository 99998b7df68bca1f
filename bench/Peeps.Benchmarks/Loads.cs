namespace Peeps.Benchmarks;

/// <summary>The offered loads of each end-to-end connection count.</summary>
public static class Loads
{
    /// <summary>Senders go back to back: the server's backpressure sets the pace.</summary>
    public const string Beyond = "beyond saturation";

    /// <summary>
    /// Paced at the rate the beyond-saturation run committed. At the client's pace that is more than the server commits,
    /// so what this run commits is the saturation at the client's pace, the rate the two loads below are fractions of.
    /// </summary>
    public const string At = "at saturation";

    /// <summary>Paced at half the saturation at the client's pace: p99 under 250 ms.</summary>
    public const string Half = "half saturation";

    /// <summary>Paced at a quarter of it: everyday load, where a live graph must not stutter (p99 under 100 ms).</summary>
    public const string Quarter = "quarter saturation";
}

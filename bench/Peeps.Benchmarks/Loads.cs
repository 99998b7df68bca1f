namespace Peeps.Benchmarks;

/// <summary>The offered loads of each end-to-end connection count.</summary>
public static class Loads
{
    /// <summary>Senders go back to back: the server's backpressure sets the pace.</summary>
    public const string Beyond = "beyond saturation";

    /// <summary>Paced at the rate the beyond-saturation run committed.</summary>
    public const string At = "at saturation";

    /// <summary>Paced at half that rate: where the latency target applies.</summary>
    public const string Half = "half saturation";

    /// <summary>Paced at a quarter of it: everyday load, where a live graph must not stutter.</summary>
    public const string Quarter = "quarter saturation";
}

namespace Peeps.Benchmarks;

/// <summary>A latency distribution in milliseconds (nearest-rank percentiles).</summary>
public sealed record Percentiles(int Count, double P50, double P99, double Max)
{
    public static Percentiles? Of(IEnumerable<double> samples)
    {
        var sorted = samples.Order().ToArray();
        if (sorted.Length == 0) return null;
        double Rank(double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new Percentiles(sorted.Length, Rank(0.50), Rank(0.99), sorted[^1]);
    }
}

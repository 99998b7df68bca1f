namespace Peeps.Benchmarks;

/// <summary>
/// The middle and the extremes of a few repeated measurements. With an even count the median is the mean of the
/// two middle values, so two rounds give their mean.
/// </summary>
public sealed record Spread(int Count, double Median, double Min, double Max)
{
    public static Spread Of(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) throw new ArgumentException("a spread needs at least one value", nameof(values));
        var middle = sorted.Length / 2;
        var median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(sorted.Length, median, sorted[0], sorted[^1]);
    }
}

namespace Peeps.Benchmarks;

/// <summary>One write strategy's run over the store corpus.</summary>
public sealed record StoreResult(string Strategy, long Changes, int Batches, int Transactions, TimeSpan Elapsed, long DatabaseBytes)
{
    public double ChangesPerSecond => Changes / Elapsed.TotalSeconds;
}

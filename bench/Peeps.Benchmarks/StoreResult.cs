namespace Peeps.Benchmarks;

/// <summary>One write strategy's run over the store corpus.</summary>
/// <remarks><paramref name="Cpu"/> is the writing thread's own run time, which other load on the machine does not inflate.</remarks>
public sealed record StoreResult(string Strategy, long Changes, int Batches, int Transactions, TimeSpan Elapsed, TimeSpan Cpu, long DatabaseBytes)
{
    public double ChangesPerSecond => Changes / Elapsed.TotalSeconds;

    public double CpuMsPerThousandChanges => Cpu.TotalMilliseconds * 1000 / Changes;
}

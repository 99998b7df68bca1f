namespace Peeps.Web.SelfReport;

/// <summary>
/// Process time as the peeps model counts it: milliseconds since the process started. Entity births and snapshot
/// times use it; the inspection's wall-clock times (a connection's accept time) convert through it.
/// </summary>
public sealed class ProcessClock(DateTimeOffset processStart)
{
    public static ProcessClock OfCurrentProcess()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return new ProcessClock(process.StartTime.ToUniversalTime());
    }

    public ulong NowMs => FromUnixMs(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());

    /// <summary>A time before the process started (a clock step) counts as its start.</summary>
    public ulong FromUnixMs(long unixMs) => (ulong)Math.Max(0, unixMs - processStart.ToUnixTimeMilliseconds());
}

namespace Peeps.Ingest;

/// <summary>Wall-clock times as the tables store them: integer nanoseconds since the Unix epoch.</summary>
public static class UnixTime
{
    public static long NowNs() => (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
}

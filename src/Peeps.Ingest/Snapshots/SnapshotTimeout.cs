namespace Peeps.Ingest.Snapshots;

/// <summary>The wait a request asks for in <c>timeout_ms</c>, checked against the settings, or the default wait.</summary>
public static class SnapshotTimeout
{
    /// <returns>The wait, or null with <paramref name="error"/> naming the range a request may ask for.</returns>
    public static TimeSpan? Resolve(long? requestedMs, SnapshotSettings settings, out string? error)
    {
        error = null;
        if (requestedMs is not { } ms) return settings.DefaultTimeout;
        if (ms > 0 && ms <= settings.MaxTimeout.TotalMilliseconds) return TimeSpan.FromMilliseconds(ms);
        error = $"timeout_ms must be between 1 and {(long)settings.MaxTimeout.TotalMilliseconds}";
        return null;
    }
}

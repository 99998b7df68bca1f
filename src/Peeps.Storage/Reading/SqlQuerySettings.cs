namespace Peeps.Storage.Reading;

/// <summary>Bounds of the read-only SQL surface, so one client's query cannot pin the server.</summary>
public sealed record SqlQuerySettings
{
    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMilliseconds(5000);

    /// <summary>Rows beyond this are cut off and the result is flagged <see cref="QueryResult.Truncated"/>.</summary>
    public int MaxRows { get; init; } = 10_000;

    /// <summary>Queries running at once; each holds a thread and a connection for up to <see cref="TimeLimit"/>.</summary>
    public int MaxConcurrentQueries { get; init; } = 4;

    /// <summary>How long a query waits for a free slot before it is refused with <see cref="SqlQueryBusyException"/>.</summary>
    public TimeSpan QueueTimeout { get; init; } = TimeSpan.FromSeconds(2);
}

namespace Peeps.Storage.Reading;

/// <summary>Bounds of the read-only SQL surface, so one client's query cannot pin the server.</summary>
public sealed record SqlQuerySettings
{
    /// <summary>The configuration keys, named in error messages so the reader knows what to change.</summary>
    public const string MaxRowsKey = "Peeps:Sql:MaxRows";

    public const string MaxResultBytesKey = "Peeps:Sql:MaxResultBytes";

    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMilliseconds(5000);

    /// <summary>A result with more rows is refused with <see cref="SqlResultTooLargeException"/>, never cut short.</summary>
    public int MaxRows { get; init; } = 10_000;

    /// <summary>
    /// A result whose values add up to more is refused with <see cref="SqlResultTooLargeException"/>. Counted as
    /// text and blob bytes as they will be sent plus a small overhead per value, which bounds the memory one answer
    /// holds: a payload_json can be 8 MiB, so the row bound alone allows gigabytes.
    /// </summary>
    public long MaxResultBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>Queries running at once; each holds a thread and a connection for up to <see cref="TimeLimit"/>.</summary>
    public int MaxConcurrentQueries { get; init; } = 4;

    /// <summary>How long a query waits for a free slot before it is refused with <see cref="SqlQueryBusyException"/>.</summary>
    public TimeSpan QueueTimeout { get; init; } = TimeSpan.FromSeconds(2);
}

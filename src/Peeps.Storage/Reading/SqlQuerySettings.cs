namespace Peeps.Storage.Reading;

/// <summary>Bounds of the read-only SQL surface, so one client's query cannot pin the server.</summary>
public sealed record SqlQuerySettings
{
    /// <summary>The configuration keys, named in error messages so the reader knows what to change.</summary>
    public const string MaxRowsKey = "Peeps:Sql:MaxRows";

    public const string MaxResultBytesKey = "Peeps:Sql:MaxResultBytes";

    public const string MaxMemoryBytesKey = "Peeps:Sql:MaxMemoryBytes";

    public const string MaxSearchWorkKey = "Peeps:Sql:MaxSearchWork";

    public TimeSpan TimeLimit { get; init; } = TimeSpan.FromMilliseconds(5000);

    /// <summary>A result with more rows is refused with <see cref="SqlResultTooLargeException"/>, never cut short.</summary>
    public int MaxRows { get; init; } = 10_000;

    /// <summary>
    /// A result whose values add up to more is refused with <see cref="SqlResultTooLargeException"/>. Counted as
    /// text and blob bytes as they will be sent plus a small overhead per value, which bounds the memory one answer
    /// holds: a payload_json can be 8 MiB, so the row bound alone allows gigabytes.
    /// </summary>
    public long MaxResultBytes { get; init; } = 16L * 1024 * 1024;

    /// <summary>
    /// SQLite heap all client queries together may use (values, sorts and temporary tables, which are kept in
    /// memory so they count here rather than on disk). It is part of one process-wide SQLite heap limit, which
    /// adds the writer's page cache and a fixed allowance; a query that reaches it stops with an error.
    /// </summary>
    public long MaxMemoryBytes { get; init; } = 128L * 1024 * 1024;

    /// <summary>
    /// Largest product of the two input lengths, in bytes, that one call of a search function (<c>like</c>,
    /// <c>glob</c>, <c>instr</c>, <c>replace</c>, <c>trim</c>) may take on. Such a call is a single step of
    /// SQLite's virtual machine, so the time limit cannot stop it from inside, and its cost grows with that
    /// product; a call over the bound is refused before it starts.
    /// </summary>
    public long MaxSearchWork { get; init; } = 1L << 27;

    /// <summary>Queries running at once; each holds a thread and a connection for up to <see cref="TimeLimit"/>.</summary>
    public int MaxConcurrentQueries { get; init; } = 4;

    /// <summary>How long a query waits for a free slot before it is refused with <see cref="SqlQueryBusyException"/>.</summary>
    public TimeSpan QueueTimeout { get; init; } = TimeSpan.FromSeconds(2);
}

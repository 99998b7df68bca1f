namespace Peeps.Storage.Reading;

/// <summary>The statement ran past the time limit and was interrupted. Suits 408 or 422: the query itself is too expensive.</summary>
public sealed class SqlQueryTimeoutException(TimeSpan limit)
    : SqlQueryException($"query exceeded the {(long)limit.TotalMilliseconds} ms time limit")
{
    public TimeSpan Limit { get; } = limit;
}

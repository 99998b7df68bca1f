namespace Peeps.Storage.Reading;

/// <summary>Runs one client-supplied, read-only SQL statement against the store.</summary>
public interface ISqlQueryExecutor
{
    /// <exception cref="SqlQueryException">The statement was empty, refused, invalid, too slow, or no slot was free.</exception>
    Task<QueryResult> ExecuteAsync(string sql, CancellationToken cancellationToken = default);
}

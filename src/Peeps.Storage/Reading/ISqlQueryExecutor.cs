namespace Peeps.Storage.Reading;

/// <summary>Runs one client-supplied, read-only SQL statement against the store.</summary>
public interface ISqlQueryExecutor
{
    /// <exception cref="SqlQueryException">The statement was empty, refused, invalid, too slow, or no slot was free.</exception>
    Task<QueryResult> ExecuteAsync(string sql, CancellationToken cancellationToken = default);

    /// <summary>
    /// The server's own statement over documents it stored itself (a stored snapshot may be larger than a client's
    /// result bound; its size was bounded when it was written): the time bound and the slots apply, the row and
    /// byte bounds of client results do not.
    /// </summary>
    /// <exception cref="SqlQueryException">The statement was empty, refused, invalid, too slow, or no slot was free.</exception>
    Task<QueryResult> ExecuteOwnAsync(string sql, CancellationToken cancellationToken = default);
}

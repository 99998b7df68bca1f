using Peeps.Storage.Reading;

namespace Peeps.Storage.QueryPacks;

/// <summary>
/// Runs a pack through the SQL executor, so packs share its time, size and concurrency bounds. A limit above the
/// executor's row bound is refused rather than lowered, so a caller never mistakes a cut list for the whole one.
/// </summary>
public sealed class QueryPackRunner(ISqlQueryExecutor executor, int maxRows)
{
    public const int DefaultLimit = 50;

    public QueryPackRunner(SqlQueryExecutor executor) : this(executor, executor.Settings.MaxRows)
    {
    }

    /// <exception cref="UnknownQueryPackException"><paramref name="name"/> is not a pack.</exception>
    /// <exception cref="InvalidQueryPackLimitException"><paramref name="limit"/> is below 1 or above the row bound.</exception>
    public Task<QueryResult> RunAsync(string name, int? limit = null, CancellationToken cancellationToken = default)
    {
        var pack = QueryPackCatalog.Find(name) ?? throw new UnknownQueryPackException(name);
        var requested = limit ?? Math.Min(DefaultLimit, maxRows);
        if (requested < 1 || requested > maxRows)
            throw new InvalidQueryPackLimitException(requested, maxRows);
        // An integer, so formatting it into the statement cannot inject anything.
        return executor.ExecuteAsync($"{pack.Sql}\nLIMIT {requested}", cancellationToken);
    }
}

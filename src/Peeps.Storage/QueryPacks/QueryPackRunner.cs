using Peeps.Storage.Reading;

namespace Peeps.Storage.QueryPacks;

/// <summary>
/// Runs a pack through the SQL executor, so packs share its time, row and concurrency bounds. A limit above the
/// executor's row bound is lowered to it.
/// </summary>
public sealed class QueryPackRunner(ISqlQueryExecutor executor, int maxRows)
{
    public const int DefaultLimit = 50;

    public QueryPackRunner(SqlQueryExecutor executor) : this(executor, executor.Settings.MaxRows)
    {
    }

    /// <exception cref="UnknownQueryPackException"><paramref name="name"/> is not a pack.</exception>
    /// <exception cref="InvalidQueryPackLimitException"><paramref name="limit"/> is below 1.</exception>
    public Task<QueryResult> RunAsync(string name, int? limit = null, CancellationToken cancellationToken = default)
    {
        var pack = QueryPackCatalog.Find(name) ?? throw new UnknownQueryPackException(name);
        var requested = limit ?? DefaultLimit;
        if (requested < 1)
            throw new InvalidQueryPackLimitException(requested);
        // An integer, so formatting it into the statement cannot inject anything.
        return executor.ExecuteAsync($"{pack.Sql}\nLIMIT {Math.Min(requested, maxRows)}", cancellationToken);
    }
}

using Peeps.Storage.Reading;

namespace Peeps.Storage.QueryPacks;

/// <summary>The requested limit is below 1 or above the row bound. A client error (400).</summary>
public sealed class InvalidQueryPackLimitException(int limit, int maxRows)
    : SqlQueryException($"query pack limit must be between 1 and {maxRows} (the row bound, {SqlQuerySettings.MaxRowsKey}), got {limit}");

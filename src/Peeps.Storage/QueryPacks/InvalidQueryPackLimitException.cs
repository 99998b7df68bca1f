using Peeps.Storage.Reading;

namespace Peeps.Storage.QueryPacks;

/// <summary>The requested limit is below 1. A client error (400).</summary>
public sealed class InvalidQueryPackLimitException(int limit)
    : SqlQueryException($"query pack limit must be at least 1, got {limit}");

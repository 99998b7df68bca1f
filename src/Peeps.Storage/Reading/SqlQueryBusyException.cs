namespace Peeps.Storage.Reading;

/// <summary>Every query slot stayed taken for the whole queue timeout. A server-side condition (503 or 429); retrying later may succeed.</summary>
public sealed class SqlQueryBusyException(int maxConcurrent, TimeSpan waited)
    : SqlQueryException($"too many concurrent SQL queries: all {maxConcurrent} slots stayed busy for {(long)waited.TotalMilliseconds} ms; retry later");

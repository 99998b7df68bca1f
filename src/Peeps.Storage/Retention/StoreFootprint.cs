namespace Peeps.Storage.Retention;

/// <summary>
/// The store on disk: the database and write-ahead-log files' sizes, the pages in use, the oldest instant of
/// history still held, and the rows retention has removed per table since start.
/// </summary>
public sealed record StoreFootprint(
    long DatabaseBytes,
    long WalBytes,
    long? UsedBytes,
    long? OldestHeldNs,
    IReadOnlyDictionary<string, long> RetentionRemoved,
    long RetentionPasses,
    long? LastRetentionPassAtNs);

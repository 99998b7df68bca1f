namespace Peeps.Storage.Retention;

/// <summary>
/// What retention has done since the server started and what the store holds now, for <c>/metrics</c> and
/// <c>/api/streams</c>. Updated by the retention pass after every chunk; read from any thread.
/// </summary>
public sealed class RetentionStatus(StorageSettings storage)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, long> _removed = new(StringComparer.Ordinal);
    private RetentionOutcome? _last;
    private long _passes;
    private long? _lastPassAtNs;

    public void Chunk(RetentionOutcome outcome)
    {
        lock (_gate)
        {
            _last = outcome;
            foreach (var (table, rows) in outcome.Removed)
                _removed[table] = _removed.GetValueOrDefault(table) + rows;
        }
    }

    public void PassFinished(long atNs)
    {
        lock (_gate)
        {
            _passes++;
            _lastPassAtNs = atNs;
        }
    }

    /// <summary>File sizes are read now; the rest is as of the last chunk (null before the first).</summary>
    public StoreFootprint Footprint()
    {
        lock (_gate)
        {
            return new StoreFootprint(
                FileBytes(storage.DatabasePath),
                FileBytes(storage.DatabasePath + "-wal"),
                _last?.UsedBytes,
                _last?.OldestHeldNs,
                new Dictionary<string, long>(_removed, StringComparer.Ordinal),
                _passes,
                _lastPassAtNs);
        }
    }

    private static long FileBytes(string path)
    {
        var file = new FileInfo(path);
        return file.Exists ? file.Length : 0;
    }
}

using Microsoft.Data.Sqlite;
using Peeps.Storage.Sqlite;

namespace Peeps.Storage.Export;

/// <summary>
/// Makes consistent copies of the database while ingest goes on: <c>VACUUM INTO</c> on a read-only connection of its
/// own reads one snapshot of the file (the writer is never blocked: WAL readers do not block writers) and writes a
/// compact copy. A range then removes the history outside it from the copy, never from the database.
/// </summary>
public sealed class DatabaseExporter
{
    private readonly StorageSettings _storage;
    private readonly SemaphoreSlim _slots;
    private readonly string _directory;

    public DatabaseExporter(StorageSettings storage, ExportSettings settings)
    {
        _storage = storage;
        _slots = new SemaphoreSlim(settings.MaxConcurrent, settings.MaxConcurrent);
        _directory = !string.IsNullOrEmpty(settings.Directory) ? settings.Directory
            // A read-only server leaves nothing beside its copy (which may sit on read-only media); per process, so
            // two such servers never empty each other's folder.
            : storage.ReadOnly ? Path.Combine(Path.GetTempPath(), $"peeps-web-{Environment.ProcessId}.exports")
            : storage.DatabasePath + ".exports";
        // Copies a stopped server was sending are of no use to anyone now.
        if (System.IO.Directory.Exists(_directory))
            foreach (var stale in System.IO.Directory.EnumerateFiles(_directory, "export-*.sqlite*")) File.Delete(stale);
    }

    /// <returns>The copy, or null when <see cref="ExportSettings.MaxConcurrent"/> copies are already under way.</returns>
    public async Task<DatabaseExport?> TryExportAsync(ExportRange range, CancellationToken cancellation)
    {
        if (!await _slots.WaitAsync(0, cancellation)) return null;
        var path = Path.Combine(_directory, $"export-{Guid.NewGuid():N}.sqlite");
        try
        {
            System.IO.Directory.CreateDirectory(_directory);
            await Task.Run(() => Copy(path, range), cancellation);
            return new DatabaseExport(path, () => _slots.Release());
        }
        catch
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-journal", path + "-wal", path + "-shm" }) File.Delete(file);
            _slots.Release();
            throw;
        }
    }

    private void Copy(string path, ExportRange range)
    {
        using (var source = StoreConnections.OpenReadOnly(_storage))
            Raw.Exec(source.Handle!, $"VACUUM INTO '{path.Replace("'", "''")}'");
        if (range.IsAll) return;
        using var copy = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        copy.Open();
        var db = copy.Handle!;
        var since = range.SinceNs ?? long.MinValue;
        var until = range.UntilNs ?? long.MaxValue;
        Raw.Exec(db, $"""
            BEGIN;
            DELETE FROM delta_batches WHERE received_at_ns < {since} OR received_at_ns > {until};
            DELETE FROM snapshots WHERE completed_at_ns < {since} OR completed_at_ns > {until};
            DELETE FROM events WHERE NOT EXISTS (
                SELECT 1 FROM delta_batches d WHERE d.conn_id = events.conn_id AND d.stream_id = events.stream_id
                AND d.next_seq_no > events.seq_no AND d.from_seq_no <= events.seq_no);
            COMMIT;
            VACUUM;
            """);
    }
}

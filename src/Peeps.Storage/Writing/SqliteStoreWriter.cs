using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Peeps.Storage.Retention;
using Peeps.Storage.History;
using Peeps.Storage.Schema;
using Peeps.Storage.Sqlite;
using SQLitePCL;

namespace Peeps.Storage.Writing;

/// <summary>
/// The only writer of the database: one long-lived connection, statements prepared once, one transaction per group.
/// A command that cannot be applied (a constraint, a sequence number beyond i64) is rolled back alone and listed
/// in <see cref="CommitReport.Rejected"/>; a failure of the database itself aborts the whole group with
/// <see cref="StoreWriteException"/>. Not thread-safe: call it from one thread.
/// </summary>
public sealed class SqliteStoreWriter : IStoreWriter, ICommitGate
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;
    private readonly WriterStatements _statements;
    private readonly BatchApplier _batches;
    private readonly SnapshotRetentionSettings _retention;
    private readonly bool _coalesce;
    private readonly RetentionApplier _history;
    private readonly CheckpointKeeper _checkpoints;
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <exception cref="UnsupportedSchemaException">The file's schema cannot be brought to the current version.</exception>
    /// <param name="plan">Which tables <see cref="RetentionChunk"/>s trim; <see cref="RetentionPlan.Default"/> when null.</param>
    public SqliteStoreWriter(StorageSettings options, WriterSettings? settings = null, RetentionPlan? plan = null)
    {
        settings ??= new WriterSettings();
        _retention = settings.SnapshotRetention;
        _coalesce = settings.CoalesceWithinGroup;
        _connection = StoreConnections.OpenReadWrite(options);
        try
        {
            _db = _connection.Handle!;
            SchemaMigrator.Migrate(_db, options.DatabasePath);
            Raw.Exec(_db, $"PRAGMA cache_size = {-settings.CacheSizeKiB}");
            Raw.Exec(_db, $"PRAGMA wal_autocheckpoint = {settings.WalAutocheckpointPages}");
            // Savepoint journals and sorts spill to temporary files otherwise: syscalls on the writer's hot path.
            Raw.Exec(_db, "PRAGMA temp_store = MEMORY");
            _statements = new WriterStatements(_db);
            _batches = new BatchApplier(_statements);
            _history = new RetentionApplier(_db, plan ?? RetentionPlan.Default);
            _checkpoints = new CheckpointKeeper(_db, settings.Checkpoints);
        }
        catch
        {
            _connection.Dispose();
            throw;
        }
    }

    /// <exception cref="ObjectDisposedException">The writer was disposed (the server is stopping).</exception>
    public CommitReport Write(IReadOnlyList<WriteCommand> group)
    {
        // Contended only at shutdown, where it keeps Dispose from closing the connection under a running commit, and by
        // the checkpointer's short copy between two commits (BetweenCommits).
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return WriteGroup(group);
        }
    }

    /// <summary>Runs <paramref name="work"/> on the caller's thread while no commit runs; the next one waits for it.</summary>
    public T BetweenCommits<T>(Func<T> work)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return work();
        }
    }

    private CommitReport WriteGroup(IReadOnlyList<WriteCommand> group)
    {
        var started = Stopwatch.GetTimestamp();
        var tally = new GroupTally();
        if (group.Count > 0)
        {
            Transact("BEGIN IMMEDIATE");
            try
            {
                if (!TryApplyWithoutSavepoints(group, tally))
                {
                    // A command failed half way: start the group again, this time fencing every command so that
                    // only the failing one is undone.
                    Transact("ROLLBACK");
                    _checkpoints.Forget();
                    Transact("BEGIN IMMEDIATE");
                    tally = new GroupTally();
                    foreach (var command in group)
                        ApplyFenced(command, tally);
                }
                CommitPauseForTests.PauseIfArmed(group);
                Transact("COMMIT");
            }
            catch (Exception e) when (e is not StoreWriteException)
            {
                RollbackIfOpen();
                _checkpoints.Forget();
                throw new StoreWriteException($"the group of {group.Count} commands was not committed: {e.Message}", e);
            }
            catch
            {
                RollbackIfOpen();
                _checkpoints.Forget();
                throw;
            }
        }
        return tally.Report(Stopwatch.GetElapsedTime(started));
    }

    /// <summary>
    /// The common case, where every command applies. A savepoint per command would make SQLite journal the first
    /// change to every page in every batch, which costs as much as a third of the writer's time with small batches.
    /// Returns false, with the transaction's state undefined, as soon as a command fails half way.
    /// With coalescing on, consecutive delta batches are written as their net effect (<see cref="GroupCoalescer"/>);
    /// anything else the group holds is a barrier that writes what was buffered first. A failure cannot be pinned on
    /// one batch then, and the fenced retry applies every batch on its own, as without coalescing.
    /// </summary>
    private bool TryApplyWithoutSavepoints(IReadOnlyList<WriteCommand> group, GroupTally tally)
    {
        var coalescer = _coalesce ? new GroupCoalescer(_statements) : null;
        try
        {
            foreach (var command in group)
            {
                string? rejection = null;
                if (coalescer is not null && command is DeltaBatchReceived batch)
                {
                    var batchId = coalescer.Add(batch);
                    _checkpoints.AfterBatch(batch.ConnId, batch.Batch.StreamId, batchId, batch.Batch.Changes.Count);
                }
                else
                {
                    coalescer?.Flush();
                    rejection = Apply(command, tally);
                }
                if (rejection is null)
                    tally.Applied(command);
                else
                    tally.Rejected(command, rejection); // refused before it changed anything
            }
            coalescer?.Flush();
        }
        catch (Exception e) when (IsCommandLocal(e))
        {
            return false;
        }
        tally.Coalesced(coalescer?.Superseded ?? 0);
        return true;
    }

    private void ApplyFenced(WriteCommand command, GroupTally tally)
    {
        // Savepoints only where a command runs several statements; a single failing statement undoes itself.
        var needsSavepoint = command is DeltaBatchReceived or SnapshotRecorded or RetentionChunk;
        if (needsSavepoint)
            Raw.Exec(_db, "SAVEPOINT command");
        try
        {
            var rejection = Apply(command, tally);
            if (needsSavepoint)
                Raw.Exec(_db, rejection is null ? "RELEASE command" : "ROLLBACK TO command; RELEASE command");
            if (rejection is not null)
                _checkpoints.Forget();
            if (rejection is null)
                tally.Applied(command);
            else
                tally.Rejected(command, rejection);
        }
        catch (Exception e) when (IsCommandLocal(e))
        {
            if (needsSavepoint)
                Raw.Exec(_db, "ROLLBACK TO command; RELEASE command");
            _checkpoints.Forget();
            tally.Rejected(command, e.Message);
        }
    }

    /// <summary>Applies a command; returns why it was refused, or null when it was applied.</summary>
    private string? Apply(WriteCommand command, GroupTally tally)
    {
        var s = _statements;
        switch (command)
        {
            case DeltaBatchReceived batch:
                var batchId = _batches.Apply(batch);
                _checkpoints.AfterBatch(batch.ConnId, batch.Batch.StreamId, batchId, batch.Batch.Changes.Count);
                return null;
            case ConnectionOpened c:
                s.OpenConnection.Bind(1, c.ConnId).Bind(2, c.AtNs).Execute();
                return null;
            case ConnectionIdentified c:
                return s.IdentifyConnection.Bind(1, c.ConnId).Bind(2, c.ProcessName).Bind(3, (long)c.Pid).Execute() == 1
                    ? null
                    : $"no connection {c.ConnId} to identify";
            case ConnectionClosed c:
                return s.CloseConnection.Bind(1, c.ConnId).Bind(2, c.AtNs).Execute() == 1
                    ? null
                    : $"no connection {c.ConnId} to close";
            case EarlierRunConnectionsClosed c:
                s.CloseEarlierRunConnections.Bind(1, c.UpToConnId).Execute();
                return null;
            case CutRecorded c:
                s.InsertCut.Bind(1, c.CutId).Bind(2, c.RequestedAtNs).Execute();
                return null;
            case CutAckRecorded c:
                s.UpsertCutAck.Bind(1, c.CutId).Bind(2, c.ConnId).Bind(3, c.Cursor.StreamId).Bind(4, c.Cursor.NextSeqNo)
                    .Bind(5, c.ReceivedAtNs).Execute();
                return null;
            case SnapshotRecorded c:
                s.InsertSnapshot.Bind(1, c.SnapshotId).Bind(2, c.RequestedAtNs).Bind(3, c.CompletedAtNs).Bind(4, c.TimeoutMs)
                    .Bind(5, (long)c.RequestedConnections).Bind(6, (long)c.Replied).Bind(7, (long)c.TimedOut)
                    .BindUtf8(8, c.ResultJson.Span).Bind(9, (long)c.ResultJson.Length).Execute();
                s.PruneSnapshots.Bind(1, (long)_retention.MaxSnapshots).Bind(2, _retention.MaxBytes).Execute();
                return null;
            case RetentionChunk c:
                tally.Retained(_history.Apply(c));
                return null;
            default:
                return $"unknown write command {command.GetType().Name}";
        }
    }

    /// <summary>
    /// Errors caused by the command's own content. Anything else (I/O, disk full, corruption) means the database
    /// itself is failing, and the whole group must not pretend to have committed.
    /// </summary>
    private bool IsCommandLocal(Exception e) =>
        raw.sqlite3_get_autocommit(_db) == 0 && e switch
        {
            OverflowException or ArgumentException => true,
            SqliteCallException sql => (sql.ResultCode & 0xFF) is raw.SQLITE_CONSTRAINT or raw.SQLITE_TOOBIG
                or raw.SQLITE_MISMATCH or raw.SQLITE_RANGE,
            _ => false,
        };

    private void Transact(string sql)
    {
        try
        {
            Raw.Exec(_db, sql);
        }
        catch (SqliteCallException e)
        {
            throw new StoreWriteException($"{sql} failed; the group was not committed: {e.Message}", e);
        }
    }

    private void RollbackIfOpen()
    {
        if (raw.sqlite3_get_autocommit(_db) == 0)
            raw.sqlite3_exec(_db, "ROLLBACK");
    }

    /// <summary>Waits for a commit in progress to finish; later writes throw <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            RollbackIfOpen();
            _checkpoints.Dispose();
            _statements.Dispose();
            _history.Dispose();
            _connection.Dispose();
        }
    }
}

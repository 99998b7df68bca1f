using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Peeps.Storage.Sqlite;
using SQLitePCL;

namespace Peeps.Storage.Writing;

/// <summary>
/// Copies committed write-ahead-log pages into the database file from its own connection, so that the writer's
/// commits do not pay for checkpoints (SQLite otherwise runs them inside the commit that crosses the
/// auto-checkpoint threshold, stalling ingest for as long as the copy takes). Passive: never waits for the writer
/// or for readers, and leaves the pages that a reader still needs for a later round.
/// </summary>
public sealed class WalCheckpointer : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly sqlite3 _db;

    public WalCheckpointer(StorageSettings options)
    {
        _connection = StoreConnections.OpenReadWrite(options);
        _db = _connection.Handle!;
    }

    /// <summary>Runs one passive checkpoint. Not thread-safe: call it from one thread at a time.</summary>
    public WalCheckpoint Checkpoint()
    {
        var rc = raw.sqlite3_wal_checkpoint_v2(_db, null, raw.SQLITE_CHECKPOINT_PASSIVE, out var logFrames, out var copiedFrames);
        return rc switch
        {
            raw.SQLITE_OK => new WalCheckpoint(logFrames, copiedFrames, Busy: false),
            raw.SQLITE_BUSY => new WalCheckpoint(logFrames, copiedFrames, Busy: true),
            _ => throw Raw.Failure(_db, rc, "wal_checkpoint(PASSIVE)"),
        };
    }

    /// <summary>
    /// A passive checkpoint beside the writer, then, if the log it found holds at least <paramref name="restartPages"/>
    /// pages (0: never), a last one while <paramref name="gate"/> holds the writer between two commits. Commits land
    /// during a copy, so it rarely leaves the log wholly copied, and SQLite starts a log over only when it is; the last
    /// copy has just what landed during the one before, and the writer's next commit starts the log over instead of
    /// growing it until its own auto-checkpoint copies and syncs everything inside a commit. The copies beside the
    /// writer are repeated (a few times at most) until little lands during one, because the writer waits for the last.
    /// </summary>
    public WalCheckpointRound Round(ICommitGate? gate, int restartPages)
    {
        var started = Stopwatch.GetTimestamp();
        var copy = Checkpoint();
        if (gate is not null && restartPages > 0 && copy.LogFrames >= restartPages)
        {
            for (var again = 0; again < MaxExtraCopies; again++)
            {
                var next = Checkpoint();
                var landed = next.LogFrames - copy.LogFrames; // negative: the log started over by itself
                copy = next;
                if (landed <= restartPages / 16) break;
            }
        }
        var copied = Stopwatch.GetTimestamp();
        if (gate is null || restartPages <= 0 || copy.LogFrames < restartPages)
            return new WalCheckpointRound(copy, Stopwatch.GetElapsedTime(started, copied), null, TimeSpan.Zero);
        var final = gate.BetweenCommits(Checkpoint);
        return new WalCheckpointRound(copy, Stopwatch.GetElapsedTime(started, copied), final, Stopwatch.GetElapsedTime(copied));
    }

    private const int MaxExtraCopies = 3;

    public void Dispose() => _connection.Dispose();
}

using Peeps.Storage.Sqlite;
using SQLitePCL;

namespace Peeps.Storage.Retention;

/// <summary>
/// Applies <see cref="RetentionChunk"/>s on the writer's connection, inside the writer's transaction. Deleted pages
/// go to SQLite's free list and later inserts take them before the file grows, so under steady ingest the file
/// stops growing once the limits bite; it never shrinks (docs/reliability.md says why).
/// </summary>
internal sealed class RetentionApplier : IDisposable
{
    private readonly sqlite3 _db;
    private readonly List<PreparedStatement> _all = [];
    private readonly List<(HistoryTable Table, PreparedStatement Delete, PreparedStatement NthOldest, PreparedStatement Oldest)> _history = [];
    private readonly List<(string Table, PreparedStatement Delete)> _connectionRows = [];
    private readonly PreparedStatement _deleteEvents;
    private readonly PreparedStatement _closedConnection;
    private readonly PreparedStatement _deleteConnection;

    // Over the size limit a chunk removes about as many of the oldest rows as the excess takes, not a whole chunk:
    // rows can be hundreds of KiB each, and a whole chunk of them is far more than the excess. The bytes one row of
    // the cutoff's step frees is learned from the chunks before; until a chunk has freed any, steps start small.
    private const int FirstSizeStep = 8;
    private double? _bytesPerStepRow;
    private int _lastSizeStep;

    public RetentionApplier(sqlite3 db, RetentionPlan plan)
    {
        _db = db;
        foreach (var table in plan.History)
        {
            var keep = table.Keep is null ? "" : $" AND NOT ({table.Keep})";
            var returning = table.EventsFollow ? " RETURNING conn_id, stream_id, next_seq_no" : "";
            _history.Add((table,
                Prepare($"""
                    DELETE FROM {table.Name} WHERE {table.Key} IN (
                        SELECT {table.Key} FROM {table.Name} WHERE {table.TimeColumn} < ?1{keep} ORDER BY {table.TimeColumn} LIMIT ?2){returning}
                    """),
                Prepare($"SELECT {table.TimeColumn} FROM {table.Name} ORDER BY {table.TimeColumn} LIMIT 1 OFFSET ?1"),
                Prepare($"SELECT MIN({table.TimeColumn}) FROM {table.Name}")));
        }
        foreach (var table in plan.ConnectionTables)
            _connectionRows.Add((table, Prepare($"DELETE FROM {table} WHERE rowid IN (SELECT rowid FROM {table} WHERE conn_id = ?1 LIMIT ?2)")));
        _deleteEvents = Prepare("DELETE FROM events WHERE conn_id = ?1 AND stream_id = ?2 AND seq_no < ?3");
        _closedConnection = Prepare("""
            SELECT conn_id FROM connections WHERE disconnected_at_ns < ?1 ORDER BY disconnected_at_ns, conn_id LIMIT 1
            """);
        _deleteConnection = Prepare("DELETE FROM connections WHERE conn_id = ?1");
    }

    private PreparedStatement Prepare(string sql)
    {
        var statement = new PreparedStatement(_db, sql);
        _all.Add(statement);
        return statement;
    }

    public RetentionOutcome Apply(RetentionChunk chunk)
    {
        var removed = new Dictionary<string, long>(StringComparer.Ordinal);
        var more = false;
        var usedBefore = UsedBytes();
        var overSize = chunk.MaxUsedBytes is { } max && usedBefore > max;
        var step = overSize ? SizeStep(usedBefore - chunk.MaxUsedBytes!.Value, chunk.ChunkRows) : chunk.ChunkRows;
        var cutoff = Cutoff(chunk, overSize, step);
        var deletedHistory = 0L;
        if (cutoff is { } before)
        {
            foreach (var (table, delete, _, _) in _history)
            {
                var deleted = DeleteHistory(table, delete, before, chunk.ChunkRows, removed);
                deletedHistory += deleted;
                more |= deleted >= chunk.ChunkRows;
            }
        }
        var closedBefore = Min(chunk.ClosedBeforeNs, chunk.HoldFromNs);
        if (chunk.ClosedBeforeNs is not null && closedBefore is { } closed)
            more |= RemoveClosedConnection(closed, chunk.ChunkRows, removed);

        var used = UsedBytes();
        if (overSize && deletedHistory > 0) Learn(usedBefore - used, step);
        var stillOver = chunk.MaxUsedBytes is { } limit && used > limit;
        more |= stillOver && deletedHistory > 0;
        return new RetentionOutcome(removed, more, stillOver && deletedHistory == 0, used, OldestHeld());
    }

    /// <summary>Rows of the oldest to remove for <paramref name="excess"/> bytes, at most a chunk.</summary>
    private int SizeStep(long excess, int chunkRows)
    {
        var rows = _bytesPerStepRow is { } perRow
            ? (long)Math.Ceiling(excess / perRow)
            : _lastSizeStep == 0 ? FirstSizeStep : 2L * _lastSizeStep;
        _lastSizeStep = (int)Math.Clamp(rows, 1, chunkRows);
        return _lastSizeStep;
    }

    private void Learn(long freedBytes, int step)
    {
        // Pages freed inside the transaction show in the free list at once; a step that freed none teaches nothing,
        // and the next one doubles instead.
        if (freedBytes > 0) _bytesPerStepRow = (double)freedBytes / step;
    }

    /// <summary>
    /// The instant below which history goes. Over the size limit it is past the oldest <paramref name="sizeStep"/>
    /// rows of each table (or all of a table holding fewer), ignoring holds; otherwise the age cutoff, held back to
    /// the hold.
    /// </summary>
    private long? Cutoff(RetentionChunk chunk, bool overSize, int sizeStep)
    {
        var byAge = chunk.AgeCutoffNs is { } age ? Min(age, chunk.HoldFromNs) : null;
        if (!overSize) return byAge;
        long? bySize = null;
        foreach (var (_, _, nthOldest, oldest) in _history)
        {
            if (oldest.ScalarOrNull() is null) continue;
            var edge = nthOldest.Bind(1, (long)sizeStep - 1).ScalarOrNull() is { } nth ? nth + 1 : long.MaxValue;
            bySize = Min(bySize ?? long.MaxValue, edge);
        }
        return bySize is { } size ? Math.Max(size, byAge ?? long.MinValue) : byAge;
    }

    private long DeleteHistory(HistoryTable table, PreparedStatement delete, long before, int chunkRows, Dictionary<string, long> removed)
    {
        Dictionary<(long ConnId, string StreamId), long>? eventsBelow = table.EventsFollow ? [] : null;
        var deleted = delete.Bind(1, before).Bind(2, (long)chunkRows).ExecuteRows(row =>
        {
            if (eventsBelow is null) return;
            var stream = (raw.sqlite3_column_int64(row, 0), raw.sqlite3_column_text(row, 1).utf8_to_string());
            var next = raw.sqlite3_column_int64(row, 2);
            eventsBelow[stream] = Math.Max(next, eventsBelow.GetValueOrDefault(stream));
        });
        Add(removed, table.Name, deleted);
        foreach (var ((connId, streamId), below) in eventsBelow ?? [])
            Add(removed, "events", _deleteEvents.Bind(1, connId).Bind(2, streamId).Bind(3, below).Execute());
        return deleted;
    }

    /// <summary>Removes up to a chunk of the rows of the longest-closed connection, its own row last; true when it did any.</summary>
    private bool RemoveClosedConnection(long closedBefore, int chunkRows, Dictionary<string, long> removed)
    {
        if (_closedConnection.Bind(1, closedBefore).ScalarOrNull() is not { } connId) return false;
        var budget = (long)chunkRows;
        foreach (var (table, delete) in _connectionRows)
        {
            var deleted = delete.Bind(1, connId).Bind(2, budget).Execute();
            Add(removed, table, deleted);
            budget -= deleted;
            if (budget == 0) return true;
        }
        Add(removed, "connections", _deleteConnection.Bind(1, connId).Execute());
        return true;
    }

    private long? OldestHeld()
    {
        long? oldest = null;
        foreach (var (_, _, _, min) in _history)
            if (min.ScalarOrNull() is { } at) oldest = Min(oldest ?? long.MaxValue, at);
        return oldest;
    }

    /// <summary>The file's pages less its free pages: what the data takes, as the transaction sees it.</summary>
    private long UsedBytes() =>
        (Raw.ScalarInt64(_db, "PRAGMA page_count") - Raw.ScalarInt64(_db, "PRAGMA freelist_count")) * Raw.ScalarInt64(_db, "PRAGMA page_size");

    private static long? Min(long? a, long? b) => a is { } x ? b is { } y ? Math.Min(x, y) : x : b;

    private static void Add(Dictionary<string, long> removed, string table, long rows)
    {
        if (rows > 0) removed[table] = removed.GetValueOrDefault(table) + rows;
    }

    public void Dispose()
    {
        foreach (var statement in _all) statement.Dispose();
    }
}

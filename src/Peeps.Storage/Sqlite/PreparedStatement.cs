using SQLitePCL;

namespace Peeps.Storage.Sqlite;

/// <summary>
/// A statement prepared once and re-bound for every use. Binding UTF-8 slices straight from the received frame
/// avoids the string round trip of the ADO.NET command layer on the hot path. Every use must bind every parameter:
/// bindings are not cleared after a run (a call into SQLite per statement, for values the next use replaces anyway),
/// except after a large value: SQLite keeps its own copy of a bound text, and a batch payload or a snapshot result
/// would otherwise stay in memory until the statement's next use.
/// </summary>
internal sealed class PreparedStatement : IDisposable
{
    private readonly sqlite3 _db;
    private readonly sqlite3_stmt _stmt;
    private const int LargeValueBytes = 64 * 1024;
    // sqlite3_stmt_status's SQLITE_STMTSTATUS_MEMUSED.
    private const int StatusMemoryUsed = 99;

    private readonly string _sql;
    private bool _holdsLargeValue;

    public PreparedStatement(sqlite3 db, string sql)
    {
        _db = db;
        _sql = sql;
        Raw.Check(db, raw.sqlite3_prepare_v3(db, sql, (uint)raw.SQLITE_PREPARE_PERSISTENT, out _stmt), $"prepare {sql}");
    }

    public PreparedStatement Bind(int index, long value)
    {
        Raw.Check(_db, raw.sqlite3_bind_int64(_stmt, index, value), _sql);
        return this;
    }

    /// <summary>Sequence numbers are u64 on the wire and INTEGER (i64) in SQLite; one beyond i64 fails rather than wrap.</summary>
    public PreparedStatement Bind(int index, ulong value) => Bind(index, checked((long)value));

    public PreparedStatement Bind(int index, long? value) =>
        value is { } v ? Bind(index, v) : BindNull(index);

    public PreparedStatement Bind(int index, string value)
    {
        Raw.Check(_db, raw.sqlite3_bind_text(_stmt, index, value), _sql);
        _holdsLargeValue |= value.Length > LargeValueBytes;
        return this;
    }

    public PreparedStatement BindUtf8(int index, ReadOnlySpan<byte> utf8)
    {
        Raw.Check(_db, raw.sqlite3_bind_text(_stmt, index, utf8), _sql);
        _holdsLargeValue |= utf8.Length > LargeValueBytes;
        return this;
    }

    public PreparedStatement BindNull(int index)
    {
        Raw.Check(_db, raw.sqlite3_bind_null(_stmt, index), _sql);
        return this;
    }

    /// <summary>Runs the statement to completion and returns the number of rows it changed.</summary>
    public int Execute()
    {
        try
        {
            var rc = raw.sqlite3_step(_stmt);
            if (rc != raw.SQLITE_DONE)
                throw Raw.Failure(_db, rc, _sql);
            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_stmt);
            if (_holdsLargeValue)
            {
                raw.sqlite3_clear_bindings(_stmt);
                _holdsLargeValue = false;
            }
        }
    }

    /// <summary>
    /// Runs the statement to completion, handing each row it yields (a query, or a statement with <c>RETURNING</c>)
    /// to <paramref name="row"/>; returns the number of rows it changed.
    /// </summary>
    public int ExecuteRows(Action<sqlite3_stmt> row)
    {
        try
        {
            int rc;
            while ((rc = raw.sqlite3_step(_stmt)) == raw.SQLITE_ROW)
                row(_stmt);
            if (rc != raw.SQLITE_DONE)
                throw Raw.Failure(_db, rc, _sql);
            return raw.sqlite3_changes(_db);
        }
        finally
        {
            raw.sqlite3_reset(_stmt);
        }
    }

    /// <summary>The first column of the first row, or null when there is no row or the value is null.</summary>
    public long? ScalarOrNull()
    {
        long? value = null;
        ExecuteRows(stmt =>
        {
            if (value is null && raw.sqlite3_column_type(stmt, 0) != raw.SQLITE_NULL)
                value = raw.sqlite3_column_int64(stmt, 0);
        });
        return value;
    }

    /// <summary>
    /// Steps a query: true with a row to read through the column accessors, false when done. Call <see cref="Reset"/>
    /// after the last row read, also when stopping early, so the statement releases its read.
    /// </summary>
    public bool Read()
    {
        var rc = raw.sqlite3_step(_stmt);
        if (rc == raw.SQLITE_ROW) return true;
        if (rc == raw.SQLITE_DONE) return false;
        throw Raw.Failure(_db, rc, _sql);
    }

    public void Reset() => raw.sqlite3_reset(_stmt);

    public bool IsNull(int column) => raw.sqlite3_column_type(_stmt, column) == raw.SQLITE_NULL;

    public long Int64(int column) => raw.sqlite3_column_int64(_stmt, column);

    public string Text(int column) => raw.sqlite3_column_text(_stmt, column).utf8_to_string();

    /// <summary>A text or blob column's bytes, copied out (SQLite's own buffer is only valid until the next step).</summary>
    public byte[] Bytes(int column) => raw.sqlite3_column_blob(_stmt, column).ToArray();

    /// <summary>The heap this statement holds, its bound values included.</summary>
    public long MemoryUsed => raw.sqlite3_stmt_status(_stmt, StatusMemoryUsed, 0);

    public void Dispose() => _stmt.Dispose();
}

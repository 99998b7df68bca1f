using System.Diagnostics;
using System.Text;
using Peeps.Storage.Sqlite;
using SQLitePCL;

namespace Peeps.Storage.Reading;

/// <summary>
/// Runs one statement per request on its own read-only, unpooled connection, hardened so that a statement SQLite
/// calls read-only still cannot attach files, change settings or load code, and bounded in time, rows, result
/// bytes, value length, search work, memory (with <see cref="SqliteHeapLimit"/>) and concurrency. Safe to share
/// between threads.
/// </summary>
public sealed class SqlQueryExecutor : ISqlQueryExecutor
{
    /// <summary>Virtual machine steps between deadline checks: frequent enough for millisecond precision, cheap enough not to show.</summary>
    private const int ProgressInterval = 1000;

    private readonly StorageSettings _options;
    private readonly SqlQuerySettings _settings;
    private readonly SemaphoreSlim _slots;

    public SqlQueryExecutor(StorageSettings options, SqlQuerySettings? settings = null)
    {
        _options = options;
        _settings = settings ?? new SqlQuerySettings();
        _slots = new SemaphoreSlim(_settings.MaxConcurrentQueries);
    }

    public SqlQuerySettings Settings => _settings;

    public Task<QueryResult> ExecuteAsync(string sql, CancellationToken cancellationToken = default) =>
        ExecuteAsync(sql, client: true, cancellationToken);

    public Task<QueryResult> ExecuteOwnAsync(string sql, CancellationToken cancellationToken = default) =>
        ExecuteAsync(sql, client: false, cancellationToken);

    private async Task<QueryResult> ExecuteAsync(string sql, bool client, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(sql))
            throw new EmptySqlQueryException();
        if (!await _slots.WaitAsync(_settings.QueueTimeout, cancellationToken))
            throw new SqlQueryBusyException(_settings.MaxConcurrentQueries, _settings.QueueTimeout);
        try
        {
            return await Task.Run(() => Run(sql, client, cancellationToken), cancellationToken);
        }
        finally
        {
            _slots.Release();
        }
    }

    private QueryResult Run(string sql, bool client, CancellationToken cancellationToken)
    {
        using var connection = StoreConnections.OpenReadOnly(_options);
        var db = connection.Handle!;
        var authorizer = new ReadOnlyAuthorizer();
        Harden(db, authorizer);
        // The server's own statements read stored snapshots, which may be larger than a client's bounds allow.
        var budget = client ? new ResultBudget(_settings.MaxRows, _settings.MaxResultBytes) : new ResultBudget(int.MaxValue, long.MaxValue);
        using var guard = client ? BoundValues(db) : null;

        var deadline = Stopwatch.GetTimestamp() + (long)(_settings.TimeLimit.TotalSeconds * Stopwatch.Frequency);
        // Held in a local and kept alive below: SQLite keeps only a native pointer to it.
        delegate_progress progress = _ =>
            Stopwatch.GetTimestamp() > deadline || cancellationToken.IsCancellationRequested ? 1 : 0;
        raw.sqlite3_progress_handler(db, ProgressInterval, progress, null);
        try
        {
            using var statement = Prepare(db, sql, authorizer);
            return Read(db, statement, budget, guard, deadline, cancellationToken);
        }
        finally
        {
            raw.sqlite3_progress_handler(db, 0, null, null);
            raw.sqlite3_set_authorizer(db, (strdelegate_authorizer?)null, null);
            GC.KeepAlive(progress);
            GC.KeepAlive(authorizer);
        }
    }

    private static void Harden(sqlite3 db, ReadOnlyAuthorizer authorizer)
    {
        // Sorts and temporary b-trees then count against SQLite's heap limit instead of filling the disk.
        Raw.Exec(db, "PRAGMA temp_store = MEMORY");
        // Mode=ReadOnly still allows ATTACH of another file (and VACUUM INTO, which attaches its target).
        raw.sqlite3_limit(db, raw.SQLITE_LIMIT_ATTACHED, 0);
        Raw.Check(db, raw.sqlite3_db_config(db, raw.SQLITE_DBCONFIG_DEFENSIVE, 1, out _), "enable defensive mode");
        Raw.Check(db, raw.sqlite3_db_config(db, raw.SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, out _), "disable extension loading");
        Raw.Check(db, raw.sqlite3_set_authorizer(db, authorizer.Authorize, null), "install authorizer");
    }

    /// <summary>
    /// No string or blob, computed or read, may be longer than a whole result may be; SQLite then refuses a
    /// <c>randomblob(900000000)</c> before allocating it, and the search functions are refused over the work bound.
    /// </summary>
    private SearchFunctionGuard BoundValues(sqlite3 db)
    {
        var maxLength = (int)Math.Min(_settings.MaxResultBytes, int.MaxValue);
        raw.sqlite3_limit(db, raw.SQLITE_LIMIT_LENGTH, maxLength);
        return SearchFunctionGuard.Install(db, _settings.MaxSearchWork, maxLength);
    }

    private static sqlite3_stmt Prepare(sqlite3 db, string sql, ReadOnlyAuthorizer authorizer)
    {
        var utf8 = Encoding.UTF8.GetBytes(sql);
        var rc = raw.sqlite3_prepare_v2(db, utf8, out var statement, out var tail);
        if (rc != raw.SQLITE_OK)
        {
            statement?.Dispose();
            throw CompileFailure(db, rc, authorizer);
        }
        if (statement is null || statement.IsInvalid)
            throw new EmptySqlQueryException();
        try
        {
            if (!TailIsEmpty(db, tail))
                throw new SqlQueryRejectedException("only one SQL statement per request is allowed; remove everything after the first statement");
            if (raw.sqlite3_stmt_readonly(statement) == 0)
                throw new SqlQueryRejectedException("only read-only statements are allowed");
            return statement;
        }
        catch
        {
            statement.Dispose();
            throw;
        }
    }

    /// <summary>Whitespace, semicolons and comments after the statement are fine; another statement is not.</summary>
    private static bool TailIsEmpty(sqlite3 db, ReadOnlySpan<byte> tail)
    {
        if (tail.Trim(" \t\r\n;"u8).IsEmpty)
            return true;
        // Compiling the rest tells comments apart from statements without a hand-written SQL lexer.
        var rc = raw.sqlite3_prepare_v2(db, tail, out var next, out _);
        using (next)
            return rc == raw.SQLITE_OK && (next is null || next.IsInvalid);
    }

    private static SqlQueryException CompileFailure(sqlite3 db, int rc, ReadOnlyAuthorizer authorizer)
    {
        var message = raw.sqlite3_errmsg(db).utf8_to_string();
        if (rc == raw.SQLITE_AUTH || authorizer.FirstDenial is not null)
            return new SqlQueryRejectedException(authorizer.FirstDenial ?? message);
        return new InvalidSqlException(message);
    }

    private QueryResult Read(sqlite3 db, sqlite3_stmt statement, ResultBudget budget, SearchFunctionGuard? guard, long deadline, CancellationToken cancellationToken)
    {
        var width = raw.sqlite3_column_count(statement);
        var columns = new string[width];
        for (var i = 0; i < width; i++)
            columns[i] = raw.sqlite3_column_name(statement, i).utf8_to_string();

        var rows = new List<object?[]>();
        while (true)
        {
            var rc = raw.sqlite3_step(statement);
            if (rc == raw.SQLITE_DONE)
                return new QueryResult(columns, rows, rows.Count);
            if (rc != raw.SQLITE_ROW)
                throw StepFailure(db, rc, guard, deadline, cancellationToken);
            budget.TakeRow();
            var row = new object?[width];
            for (var i = 0; i < width; i++)
                row[i] = ColumnValue(statement, i, budget);
            rows.Add(row);
        }
    }

    private Exception StepFailure(sqlite3 db, int rc, SearchFunctionGuard? guard, long deadline, CancellationToken cancellationToken)
    {
        if (guard?.Refusal is { } refusal)
            return refusal;
        switch (rc & 0xff)
        {
            case raw.SQLITE_INTERRUPT:
                cancellationToken.ThrowIfCancellationRequested();
                if (Stopwatch.GetTimestamp() > deadline)
                    return new SqlQueryTimeoutException(_settings.TimeLimit);
                break;
            case raw.SQLITE_TOOBIG:
                return SqlResultTooLargeException.Value(_settings.MaxResultBytes);
            case raw.SQLITE_NOMEM:
                return SqlQueryTooCostlyException.Memory(_settings.MaxMemoryBytes);
        }
        return new InvalidSqlException(raw.sqlite3_errmsg(db).utf8_to_string());
    }

    private static object? ColumnValue(sqlite3_stmt statement, int i, ResultBudget budget)
    {
        var type = raw.sqlite3_column_type(statement, i);
        switch (type)
        {
            case raw.SQLITE_TEXT:
                budget.TakeValue(raw.sqlite3_column_bytes(statement, i));
                return raw.sqlite3_column_text(statement, i).utf8_to_string();
            case raw.SQLITE_BLOB:
                budget.TakeValue(Base64Length(raw.sqlite3_column_bytes(statement, i)));
                return Convert.ToBase64String(raw.sqlite3_column_blob(statement, i));
        }
        budget.TakeValue(0);
        return type switch
        {
            raw.SQLITE_INTEGER => raw.sqlite3_column_int64(statement, i),
            raw.SQLITE_FLOAT => Finite(raw.sqlite3_column_double(statement, i)),
            _ => null,
        };
    }

    private static long Base64Length(long bytes) => (bytes + 2) / 3 * 4;

    /// <summary>JSON has no infinity or NaN; null says "no number" without failing the whole answer.</summary>
    private static object? Finite(double value) => double.IsFinite(value) ? value : null;
}

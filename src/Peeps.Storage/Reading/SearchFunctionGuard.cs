using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Peeps.Storage.Sqlite;
using SQLitePCL;

namespace Peeps.Storage.Reading;

/// <summary>
/// Replaces SQLite's search functions on a client query's connection with ones that refuse a call whose cost would
/// exceed <see cref="SqlQuerySettings.MaxSearchWork"/>. These functions compare every position of one input with
/// the other (a LIKE with a 100-byte pattern over 16 MB ran 6.5 s here), all inside one step of the virtual
/// machine, where neither the progress handler nor <c>sqlite3_interrupt</c> can stop them. A call within the bound
/// is answered by SQLite's own function, run on a private in-memory connection, so results are exactly SQLite's.
/// </summary>
internal sealed class SearchFunctionGuard : IDisposable
{
    /// <summary>A function, its arity, and which two arguments' lengths multiply into its cost.</summary>
    private sealed record Searching(string Name, int Arity, int Subject, int Needle)
    {
        public string Call { get; } = $"SELECT {Name}({string.Join(", ", Enumerable.Range(1, Arity).Select(i => $"?{i}"))})";
    }

    private static readonly Searching[] Functions =
    [
        // like(pattern, subject[, escape]) is what `subject LIKE pattern [ESCAPE e]` calls; glob likewise.
        new("like", 2, 1, 0), new("like", 3, 1, 0), new("glob", 2, 1, 0),
        new("instr", 2, 0, 1), new("replace", 3, 0, 1),
        new("trim", 2, 0, 1), new("ltrim", 2, 0, 1), new("rtrim", 2, 0, 1),
    ];

    private readonly long _maxWork;
    private readonly int _maxLength;
    // Kept referenced: SQLite holds only native pointers to them.
    private readonly List<delegate_function_scalar> _callbacks = [];
    private readonly Dictionary<Searching, sqlite3_stmt> _statements = [];
    private sqlite3? _builtins;

    private SearchFunctionGuard(long maxWork, int maxLength)
    {
        _maxWork = maxWork;
        _maxLength = maxLength;
    }

    /// <summary>The refusal that made the statement fail, if one did; it names the bound to the client.</summary>
    public SqlQueryTooCostlyException? Refusal { get; private set; }

    public static SearchFunctionGuard Install(sqlite3 db, long maxWork, int maxLength)
    {
        var guard = new SearchFunctionGuard(maxWork, maxLength);
        foreach (var function in Functions)
        {
            delegate_function_scalar callback = (context, _, args) => guard.Invoke(context, function, args);
            guard._callbacks.Add(callback);
            Raw.Check(db, raw.sqlite3_create_function(db, function.Name, function.Arity,
                raw.SQLITE_UTF8 | raw.SQLITE_DETERMINISTIC, null, callback), $"guard {function.Name}()");
        }
        return guard;
    }

    private void Invoke(sqlite3_context context, Searching function, sqlite3_value[] args)
    {
        var types = Array.ConvertAll(args, raw.sqlite3_value_type);
        var work = (long)Length(args[function.Subject], types[function.Subject])
            * Math.Max(1, Length(args[function.Needle], types[function.Needle]));
        if (work > _maxWork)
        {
            Refusal ??= SqlQueryTooCostlyException.SearchWork(function.Name, work, _maxWork);
            raw.sqlite3_result_error(context, Refusal.Message);
            return;
        }
        var statement = Statement(function);
        try
        {
            for (var i = 0; i < args.Length; i++)
                Bind(statement, i + 1, args[i], types[i]);
            var rc = raw.sqlite3_step(statement);
            if (rc == raw.SQLITE_ROW)
                Return(context, statement);
            else
                raw.sqlite3_result_error(context, raw.sqlite3_errmsg(_builtins!).utf8_to_string());
        }
        finally
        {
            raw.sqlite3_reset(statement);
            raw.sqlite3_clear_bindings(statement);
        }
    }

    private sqlite3_stmt Statement(Searching function)
    {
        if (_statements.TryGetValue(function, out var statement))
            return statement;
        if (_builtins is null)
        {
            var rc = raw.sqlite3_open(":memory:", out var builtins);
            _builtins = builtins;
            Raw.Check(builtins, rc, "open the search functions' connection");
            raw.sqlite3_limit(builtins, raw.SQLITE_LIMIT_LENGTH, _maxLength);
        }
        Raw.Check(_builtins, raw.sqlite3_prepare_v2(_builtins, function.Call, out statement), function.Call);
        _statements.Add(function, statement);
        return statement;
    }

    /// <summary>What the function will work on: text and blobs as stored, numbers as the text SQLite turns them into.</summary>
    private static int Length(sqlite3_value value, int type) => type switch
    {
        raw.SQLITE_NULL => 0,
        raw.SQLITE_INTEGER or raw.SQLITE_FLOAT => 24,
        _ => raw.sqlite3_value_bytes(value),
    };

    private static void Bind(sqlite3_stmt statement, int index, sqlite3_value value, int type)
    {
        switch (type)
        {
            case raw.SQLITE_INTEGER:
                raw.sqlite3_bind_int64(statement, index, raw.sqlite3_value_int64(value));
                break;
            case raw.SQLITE_FLOAT:
                raw.sqlite3_bind_double(statement, index, raw.sqlite3_value_double(value));
                break;
            // An empty span would reach SQLite as a null pointer, which binds NULL rather than '' or x''.
            case raw.SQLITE_TEXT when raw.sqlite3_value_bytes(value) == 0:
                raw.sqlite3_bind_text(statement, index, "");
                break;
            case raw.SQLITE_TEXT:
                raw.sqlite3_bind_text(statement, index, TextOf(value));
                break;
            case raw.SQLITE_BLOB when raw.sqlite3_value_bytes(value) == 0:
                raw.sqlite3_bind_zeroblob(statement, index, 0);
                break;
            case raw.SQLITE_BLOB:
                raw.sqlite3_bind_blob(statement, index, raw.sqlite3_value_blob(value));
                break;
            default:
                raw.sqlite3_bind_null(statement, index);
                break;
        }
    }

    /// <summary>
    /// The text's bytes with their exact length (embedded NULs included). Not through <c>sqlite3_value_blob</c>,
    /// which would mark the value as a blob, and the value may be a constant the statement uses again.
    /// </summary>
    private static ReadOnlySpan<byte> TextOf(sqlite3_value value)
    {
        var text = raw.sqlite3_value_text(value);
        var length = raw.sqlite3_value_bytes(value);
        return MemoryMarshal.CreateReadOnlySpan(ref Unsafe.AsRef(in text.GetPinnableReference()), length);
    }

    private static void Return(sqlite3_context context, sqlite3_stmt statement)
    {
        switch (raw.sqlite3_column_type(statement, 0))
        {
            case raw.SQLITE_INTEGER:
                raw.sqlite3_result_int64(context, raw.sqlite3_column_int64(statement, 0));
                break;
            case raw.SQLITE_FLOAT:
                raw.sqlite3_result_double(context, raw.sqlite3_column_double(statement, 0));
                break;
            // As in Bind: an empty span would answer NULL.
            case raw.SQLITE_TEXT when raw.sqlite3_column_bytes(statement, 0) == 0:
                raw.sqlite3_result_text(context, "");
                break;
            case raw.SQLITE_TEXT:
                raw.sqlite3_result_text(context, raw.sqlite3_column_blob(statement, 0));
                break;
            case raw.SQLITE_BLOB when raw.sqlite3_column_bytes(statement, 0) == 0:
                raw.sqlite3_result_zeroblob(context, 0);
                break;
            case raw.SQLITE_BLOB:
                raw.sqlite3_result_blob(context, raw.sqlite3_column_blob(statement, 0));
                break;
            default:
                raw.sqlite3_result_null(context);
                break;
        }
    }

    public void Dispose()
    {
        foreach (var statement in _statements.Values)
            statement.Dispose();
        _builtins?.Dispose();
        GC.KeepAlive(_callbacks);
    }
}

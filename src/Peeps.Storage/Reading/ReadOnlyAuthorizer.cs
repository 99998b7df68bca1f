using SQLitePCL;

namespace Peeps.Storage.Reading;

/// <summary>
/// SQLite calls this for every action a statement would take while compiling it. Read-only statement flags alone
/// let ATTACH, BEGIN, writable pragmas and load_extension through, so anything but reading, and any function not on
/// <see cref="FunctionAllowlist"/>, is denied here.
/// Remembers the first denial to say what was refused.
/// </summary>
internal sealed class ReadOnlyAuthorizer
{
    private const int Pragma = 19;
    private const int Read = 20;
    private const int Select = 21;
    private const int Function = 31;
    private const int Recursive = 33;

    /// <summary>Pragmas that only describe a schema object named by their argument.</summary>
    private static readonly HashSet<string> DescribingPragmas = new(StringComparer.OrdinalIgnoreCase)
    {
        "table_info", "table_xinfo", "table_list", "index_list", "index_info", "index_xinfo", "foreign_key_list",
    };

    /// <summary>Pragmas that are read-only when queried without a value (with one, they set it).</summary>
    private static readonly HashSet<string> QueryOnlyPragmas = new(StringComparer.OrdinalIgnoreCase)
    {
        "user_version", "schema_version", "application_id", "page_count", "page_size", "freelist_count",
        "journal_mode", "encoding", "data_version", "compile_options", "database_list", "function_list",
        "pragma_list", "collation_list", "module_list",
    };

    public string? FirstDenial { get; private set; }

    public int Authorize(object userData, int action, string? arg1, string? arg2, string? database, string? trigger)
    {
        var allowed = action switch
        {
            Select or Read or Recursive => true,
            Function => arg2 is not null && FunctionAllowlist.Allows(arg2),
            Pragma => arg1 is not null
                && (DescribingPragmas.Contains(arg1) || (arg2 is null && QueryOnlyPragmas.Contains(arg1))),
            _ => false,
        };
        if (allowed)
            return raw.SQLITE_OK;
        FirstDenial ??= Describe(action, arg1, arg2);
        return raw.SQLITE_DENY;
    }

    private static string Describe(int action, string? arg1, string? arg2) => action switch
    {
        Function => $"function {arg2}() is not allowed",
        Pragma => arg2 is null ? $"PRAGMA {arg1} is not allowed" : $"PRAGMA {arg1} = {arg2} is not allowed (pragmas may only be read)",
        _ => $"{ActionNames.Of(action)} is not allowed; only reading statements may run",
    };
}

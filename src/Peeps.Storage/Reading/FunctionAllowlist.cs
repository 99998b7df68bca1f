namespace Peeps.Storage.Reading;

/// <summary>
/// The functions a client statement may call: SQLite's core, date, math, window, aggregate and JSON functions.
/// An allowlist, so a function a later SQLite build adds (or an extension compiled in, like FTS or geopoly) is
/// refused until someone has looked at what it can do. Size-unbounded work is still possible through some of
/// these; <see cref="SearchFunctionGuard"/> and the length limit bound it.
/// </summary>
internal static class FunctionAllowlist
{
    private static readonly HashSet<string> Allowed = new(StringComparer.OrdinalIgnoreCase)
    {
        // core scalar
        "abs", "changes", "char", "coalesce", "concat", "concat_ws", "format", "glob", "hex", "if", "ifnull", "iif",
        "instr", "last_insert_rowid", "length", "like", "likelihood", "likely", "lower", "ltrim", "max", "min",
        "nullif", "octet_length", "printf", "quote", "random", "randomblob", "replace", "round", "rtrim", "sign",
        "soundex", "sqlite_compileoption_get", "sqlite_compileoption_used", "sqlite_source_id", "sqlite_version",
        "substr", "substring", "subtype", "total_changes", "trim", "typeof", "unhex", "unicode", "unistr",
        "unistr_quote", "unlikely", "upper", "zeroblob",
        // aggregate and window
        "avg", "count", "group_concat", "string_agg", "sum", "total", "row_number", "rank", "dense_rank",
        "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value", "last_value", "nth_value",
        // date and time
        "date", "time", "datetime", "julianday", "unixepoch", "strftime", "timediff", "current_date", "current_time",
        "current_timestamp",
        // math
        "acos", "acosh", "asin", "asinh", "atan", "atan2", "atanh", "ceil", "ceiling", "cos", "cosh", "degrees", "exp",
        "floor", "ln", "log", "log10", "log2", "mod", "pi", "pow", "power", "radians", "sin", "sinh", "sqrt", "tan",
        "tanh", "trunc",
        // JSON, including the -> and ->> operators
        "->", "->>", "json", "json_array", "json_array_insert", "json_array_length", "json_error_position",
        "json_extract", "json_group_array", "json_group_object", "json_insert", "json_object", "json_patch",
        "json_pretty", "json_quote", "json_remove", "json_replace", "json_set", "json_type", "json_valid", "jsonb",
        "jsonb_array", "jsonb_array_insert", "jsonb_extract", "jsonb_group_array", "jsonb_group_object",
        "jsonb_insert", "jsonb_object", "jsonb_patch", "jsonb_remove", "jsonb_replace", "jsonb_set",
    };

    public static bool Allows(string name) => Allowed.Contains(name);
}

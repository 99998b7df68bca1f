namespace Peeps.Storage.Reading;

/// <summary>
/// The statement asked for more memory or work than the SQL surface allows: the surface's share of SQLite's heap,
/// or a search call over the work bound. The query itself is too expensive
/// (422); the message names the bound and its setting.
/// </summary>
public sealed class SqlQueryTooCostlyException : SqlQueryException
{
    private SqlQueryTooCostlyException(string setting, string message) : base(message) => Setting = setting;

    public string Setting { get; }

    public static SqlQueryTooCostlyException Memory(long maxBytes) => new(SqlQuerySettings.MaxMemoryBytesKey,
        $"the query ran out of the memory SQL queries may use ({SqlQuerySettings.MaxMemoryBytesKey} = {maxBytes}, " +
        "shared by all queries running at once); ask for less at once, or retry when fewer queries run");

    public static SqlQueryTooCostlyException SearchWork(string function, long work, long maxWork) => new(SqlQuerySettings.MaxSearchWorkKey,
        $"{function}() over these values is too much work for one call (the product of the two lengths is {work} bytes², " +
        $"the bound is {SqlQuerySettings.MaxSearchWorkKey} = {maxWork}); search smaller values or use a shorter pattern");
}

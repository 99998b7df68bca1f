namespace Peeps.Storage.Reading;

/// <summary>
/// The result outgrew the row or byte bound; reading stopped there. The query itself asks for too much (422), so
/// the message names the bound, its value and its setting, and says how to ask for less.
/// </summary>
public sealed class SqlResultTooLargeException : SqlQueryException
{
    private SqlResultTooLargeException(string setting, long limit, string message) : base(message)
    {
        Setting = setting;
        Limit = limit;
    }

    public string Setting { get; }

    public long Limit { get; }

    public static SqlResultTooLargeException Rows(int maxRows) => new(SqlQuerySettings.MaxRowsKey, maxRows,
        $"the result has more than {maxRows} rows, the row bound ({SqlQuerySettings.MaxRowsKey} = {maxRows}); " +
        "add a LIMIT to the query");

    public static SqlResultTooLargeException Bytes(long maxBytes) => new(SqlQuerySettings.MaxResultBytesKey, maxBytes,
        $"the result is larger than {maxBytes} bytes, the size bound ({SqlQuerySettings.MaxResultBytesKey} = {maxBytes}); " +
        "add a LIMIT to the query or select fewer or smaller columns");

    /// <summary>A string or blob the statement read or computed is alone longer than a whole result may be.</summary>
    public static SqlResultTooLargeException Value(long maxBytes) => new(SqlQuerySettings.MaxResultBytesKey, maxBytes,
        $"a string or blob in the query is longer than {maxBytes} bytes, the size bound " +
        $"({SqlQuerySettings.MaxResultBytesKey} = {maxBytes}); work on smaller values");
}

namespace Peeps.Storage.Sqlite;

/// <summary>A SQLite call through the raw API failed; <see cref="ResultCode"/> is SQLite's extended code.</summary>
public sealed class SqliteCallException(int resultCode, string message) : Exception(message)
{
    public int ResultCode { get; } = resultCode;
}

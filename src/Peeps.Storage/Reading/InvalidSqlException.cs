namespace Peeps.Storage.Reading;

/// <summary>SQLite could not compile or run the statement (syntax, unknown table, malformed JSON). A client error (400).</summary>
public sealed class InvalidSqlException(string message) : SqlQueryException(message);

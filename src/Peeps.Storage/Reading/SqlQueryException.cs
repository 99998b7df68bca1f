namespace Peeps.Storage.Reading;

/// <summary>
/// Base of every error the SQL surface reports to its caller. The message is written for the person who sent the
/// query; the subtype tells the HTTP layer which status to answer with.
/// </summary>
public abstract class SqlQueryException(string message, Exception? inner = null) : Exception(message, inner);

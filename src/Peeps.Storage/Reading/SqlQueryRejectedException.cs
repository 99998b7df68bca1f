namespace Peeps.Storage.Reading;

/// <summary>
/// The statement is valid SQL but not allowed here: it writes, holds several statements, or uses something outside
/// the read-only surface (ATTACH, transactions, writable pragmas, file or extension functions). A client error (400).
/// </summary>
public sealed class SqlQueryRejectedException(string message) : SqlQueryException(message);

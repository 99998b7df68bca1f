namespace Peeps.Storage.Reading;

/// <summary>The request held no statement (empty, blank, or only comments). A client error (400).</summary>
public sealed class EmptySqlQueryException() : SqlQueryException("the SQL query is empty");

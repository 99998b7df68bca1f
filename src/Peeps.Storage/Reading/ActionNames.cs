namespace Peeps.Storage.Reading;

/// <summary>Readable names of SQLite authorizer action codes, for error messages.</summary>
internal static class ActionNames
{
    private static readonly string[] Names =
    [
        "CREATE INDEX", "CREATE TABLE", "CREATE TEMP INDEX", "CREATE TEMP TABLE", "CREATE TEMP TRIGGER",
        "CREATE TEMP VIEW", "CREATE TRIGGER", "CREATE VIEW", "DELETE", "DROP INDEX", "DROP TABLE", "DROP TEMP INDEX",
        "DROP TEMP TABLE", "DROP TEMP TRIGGER", "DROP TEMP VIEW", "DROP TRIGGER", "DROP VIEW", "INSERT", "PRAGMA",
        "READ", "SELECT", "transaction control (BEGIN/COMMIT/ROLLBACK)", "UPDATE", "ATTACH", "DETACH", "ALTER TABLE",
        "REINDEX", "ANALYZE", "CREATE VIRTUAL TABLE", "DROP VIRTUAL TABLE", "FUNCTION", "SAVEPOINT", "RECURSIVE",
    ];

    /// <remarks>SQLite's codes start at 1 (CREATE INDEX) and are dense.</remarks>
    public static string Of(int action) =>
        action >= 1 && action <= Names.Length ? Names[action - 1] : $"action {action}";
}

namespace Peeps.Storage.Schema;

/// <summary>
/// The database file has a schema this build cannot migrate (written by a newer server, or an unknown layout).
/// Raised instead of touching the file, so no one's data is lost by starting the wrong version.
/// </summary>
public sealed class UnsupportedSchemaException(string path, int foundVersion, string message) : Exception(message)
{
    public string DatabasePath { get; } = path;
    public int FoundVersion { get; } = foundVersion;
}

namespace Peeps.Storage.Schema;

/// <summary>
/// A file opened read-only (<see cref="StorageSettings.ReadOnly"/>) that cannot be read as it is: it is missing, or a
/// log beside it holds changes not yet in it, which a reader that never writes could neither apply nor see.
/// </summary>
public sealed class ReadOnlyCopyException(string path, string message) : Exception(message)
{
    public string DatabasePath { get; } = path;

    public static void ThrowIfNotReadable(string path)
    {
        if (!File.Exists(path))
            throw new ReadOnlyCopyException(path,
                $"The database '{path}' does not exist; a read-only server (Peeps:ReadOnly, --read-only) opens an existing copy and creates nothing.");
        foreach (var log in new[] { path + "-wal", path + "-journal" })
            if (File.Exists(log) && new FileInfo(log).Length > 0)
                throw new ReadOnlyCopyException(path,
                    $"The database '{path}' has a non-empty '{log}' beside it: changes not yet in the file, because a server is still " +
                    "writing it or did not stop cleanly. A read-only server (Peeps:ReadOnly, --read-only) would not see them. Stop that " +
                    "server first, or take a copy with GET /api/db (peeps export), or open the file once without --read-only, on a copy, " +
                    "to fold the log in. The file was not modified.");
    }
}

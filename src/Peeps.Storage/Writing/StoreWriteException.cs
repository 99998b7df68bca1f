namespace Peeps.Storage.Writing;

/// <summary>
/// A whole group failed and nothing of it was committed (disk full, I/O error, lock not obtained).
/// The caller still holds the commands and may retry the group; they were not applied.
/// </summary>
public sealed class StoreWriteException(string message, Exception inner) : Exception(message, inner);

namespace Peeps.Storage.Writing;

/// <summary>
/// The one writer of a store. Not thread-safe by design: the ingest pipeline calls it from a single thread.
/// A server database can implement this beside SQLite.
/// </summary>
public interface IStoreWriter : IDisposable
{
    /// <summary>Applies a group of commands in one transaction, in order, and reports what became durable.</summary>
    CommitReport Write(IReadOnlyList<WriteCommand> group);
}

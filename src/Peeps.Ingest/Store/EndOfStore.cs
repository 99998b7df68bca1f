using Peeps.Storage.Writing;

namespace Peeps.Ingest.Store;

/// <summary>
/// The marker <see cref="StoreStream.CompleteAsync"/> sends into the merge: the write path ends when it comes out,
/// so everything merged before it is still committed. It never reaches the writer.
/// </summary>
internal sealed record EndOfStore : WriteCommand
{
    public static readonly EndOfStore Instance = new();
}

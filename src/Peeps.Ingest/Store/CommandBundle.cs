using Peeps.Storage.Writing;

namespace Peeps.Ingest.Store;

/// <summary>
/// Several commands crossing the store's merge as one element, in order. The merge serves its producers in turn, a
/// few elements each, so under a backlog of many connections a producer that sends one row per element (the
/// coordinators' cut, ack and snapshot rows) gets one connection's share: 256 runtimes acking a cut every second
/// outran it and cuts were refused as overloaded. The pipeline unpacks a bundle before grouping; the writer never sees one.
/// </summary>
public sealed record CommandBundle(IReadOnlyList<WriteCommand> Commands) : WriteCommand
{
    /// <summary>The commands a merged element stands for: a bundle's, in order, or the element itself.</summary>
    public static IEnumerable<WriteCommand> Unpack(WriteCommand command) =>
        command is CommandBundle bundle ? bundle.Commands : [command];
}

using System.Diagnostics;
using Peeps.Storage.Writing;

namespace Peeps.Ingest.Tracing;

/// <summary>
/// Closes a traced request's trace at its stored row: one span per traced command of a committed group, from the
/// group's start to its commit. Ingest batches carry no trace, so a group without requests costs one type check per command.
/// </summary>
internal static class CommitSpans
{
    public static void Record(IReadOnlyList<WriteCommand> group, DateTimeOffset startedAt)
    {
        foreach (var command in group)
        {
            if (command.Trace == default) continue;
            var span = PeepsTracing.StartDetached("peeps.store.commit", ActivityKind.Internal, command.Trace, startedAt);
            if (span is null) continue;
            span.SetTag(PeepsTracing.RowTag, RowOf(command)).SetTag("peeps.store.group_commands", group.Count);
            switch (command)
            {
                case CutRecorded cut: span.SetTag(PeepsTracing.CutIdTag, cut.CutId); break;
                case CutAckRecorded ack: span.SetTag(PeepsTracing.CutIdTag, ack.CutId).SetTag(PeepsTracing.ConnIdTag, ack.ConnId); break;
                case SnapshotRecorded snapshot: span.SetTag(PeepsTracing.SnapshotIdTag, snapshot.SnapshotId); break;
            }
            span.StopDetached();
        }
    }

    private static string RowOf(WriteCommand command) => command switch
    {
        CutRecorded => "cuts",
        CutAckRecorded => "cut_acks",
        SnapshotRecorded => "snapshots",
        _ => command.GetType().Name,
    };
}

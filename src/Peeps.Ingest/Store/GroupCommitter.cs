using Akka.Event;
using Peeps.Ingest.Tracing;
using Peeps.Storage.Writing;

namespace Peeps.Ingest.Store;

/// <summary>
/// Commits one group, retrying with backoff when the transaction fails as a whole (I/O error, disk full):
/// the group was read off sockets, so it is never dropped; meanwhile backpressure holds the senders.
/// </summary>
internal sealed class GroupCommitter(IStoreWriter writer, TimeSpan maxBackoff, ILoggingAdapter log)
{
    public CommitReport Commit(IReadOnlyList<WriteCommand> group)
    {
        var backoff = TimeSpan.FromMilliseconds(50);
        var startedAt = DateTimeOffset.UtcNow;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var report = writer.Write(group);
                foreach (var rejected in report.Rejected)
                    log.Error("a {Command} was rejected by the database and left nothing of itself: {Reason}", rejected.Command.GetType().Name, rejected.Reason);
                CommitSpans.Record(group, startedAt);
                return report;
            }
            // A disposed writer means shutdown gave up waiting for the drain (logged there): retrying could never succeed.
            catch (Exception e) when (e is not ObjectDisposedException)
            {
                log.Error(e, "group commit of {Commands} commands failed (attempt {Attempt}); retrying in {Backoff}", group.Count, attempt, backoff);
                Thread.Sleep(backoff);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, maxBackoff.Ticks));
            }
        }
    }
}

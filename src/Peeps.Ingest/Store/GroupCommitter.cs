using Akka.Event;
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
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var report = writer.Write(group);
                foreach (var rejected in report.Rejected)
                    log.Error("a {0} was rejected by the database and left nothing of itself: {1}", rejected.Command.GetType().Name, rejected.Reason);
                return report;
            }
            // A disposed writer means shutdown gave up waiting for the drain (logged there): retrying could never succeed.
            catch (Exception e) when (e is not ObjectDisposedException)
            {
                log.Error(e, "group commit of {0} commands failed (attempt {1}); retrying in {2}", group.Count, attempt, backoff);
                Thread.Sleep(backoff);
                backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, maxBackoff.Ticks));
            }
        }
    }
}

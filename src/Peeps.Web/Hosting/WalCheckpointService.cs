using Peeps.Ingest.Metrics;
using Peeps.Storage.Writing;

namespace Peeps.Web.Hosting;

/// <summary>
/// Runs <see cref="WalCheckpointer"/> every <see cref="WriterSettings.BackgroundCheckpointInterval"/> on a thread of its
/// own, so the copy from the log into the database file overlaps ingest instead of stalling the writer's commits. When
/// the log has grown past <see cref="WriterSettings.WalRestartPages"/>, a second copy runs between two commits: it has
/// only what was committed during the first, and once it ends the writer's next commit starts the log over.
/// </summary>
public sealed class WalCheckpointService(
    WalCheckpointer checkpointer,
    IStoreWriter writer,
    WriterSettings settings,
    PeepsMetrics metrics,
    ILogger<WalCheckpointService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (settings.BackgroundCheckpointInterval == TimeSpan.Zero)
            return Task.CompletedTask;
        return Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private void Run(CancellationToken stoppingToken)
    {
        while (!stoppingToken.WaitHandle.WaitOne(settings.BackgroundCheckpointInterval))
        {
            try
            {
                var round = checkpointer.Round(writer as ICommitGate, settings.WalRestartPages);
                metrics.Checkpointed("background", round.CopyDuration, round.Copy.LogFrames);
                if (round.BetweenCommits is { } final)
                    metrics.Checkpointed("between_commits", round.HeldWriter, final.LogFrames);
                var copy = round.Last;
                logger.LogDebug("WAL checkpoint: {Copied} of {Frames} frames copied{Busy}", copy.CopiedFrames, copy.LogFrames,
                    copy.Busy ? " (another checkpoint was running)" : "");
            }
            catch (ObjectDisposedException) when (stoppingToken.IsCancellationRequested)
            {
                return; // the writer closed first at shutdown
            }
            catch (Exception e)
            {
                // The writer's own auto-checkpoint still bounds the log; keep trying rather than stop the server.
                logger.LogWarning(e, "WAL checkpoint failed; retrying in {Interval}", settings.BackgroundCheckpointInterval);
            }
        }
    }
}

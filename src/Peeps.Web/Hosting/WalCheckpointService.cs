using Peeps.Storage.Writing;

namespace Peeps.Web.Hosting;

/// <summary>
/// Runs <see cref="WalCheckpointer"/> every <see cref="WriterSettings.BackgroundCheckpointInterval"/> on a thread of its
/// own, so the copy from the log into the database file overlaps ingest instead of stalling the writer's commits.
/// </summary>
public sealed class WalCheckpointService(
    WalCheckpointer checkpointer,
    WriterSettings settings,
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
                var result = checkpointer.Checkpoint();
                logger.LogDebug("WAL checkpoint: {Copied} of {Frames} frames copied{Busy}", result.CopiedFrames, result.LogFrames,
                    result.Busy ? " (another checkpoint was running)" : "");
            }
            catch (Exception e)
            {
                // The writer's own auto-checkpoint still bounds the log; keep trying rather than stop the server.
                logger.LogWarning(e, "WAL checkpoint failed; retrying in {Interval}", settings.BackgroundCheckpointInterval);
            }
        }
    }
}

using Akka.Actor;
using Akka.Hosting;
using Peeps.Ingest;
using Peeps.Ingest.Coordination;
using Peeps.Ingest.Cuts;
using Peeps.Ingest.Store;
using Peeps.Storage.Retention;
using Peeps.Web.Api;

namespace Peeps.Web.Hosting;

/// <summary>
/// Every <see cref="RetentionSettings.Interval"/>, runs one retention pass: <see cref="RetentionChunk"/>s sent one at
/// a time through the coordinators' store queue to the single writer, the next only once the last is committed, so
/// deletion shares the writer with ingest a small transaction slice at a time. The oldest cut in progress holds
/// history back; when the cut coordinator cannot say which that is, the pass is skipped rather than guessed.
/// </summary>
public sealed class RetentionService(
    RetentionSettings settings,
    StoreOutbox store,
    CommitFeed commits,
    RetentionStatus status,
    IRequiredActor<CutCoordinator> cuts,
    ApiSettings timeouts,
    ILogger<RetentionService> logger) : BackgroundService
{
    private TaskCompletionSource<RetentionOutcome>? _pending;
    private bool _warnedUnreachable;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.AgeEnabled && !settings.SizeEnabled && !settings.ClosedConnectionsEnabled) return;
        commits.Subscribe(report =>
        {
            if (report.Retention is { } outcome) Interlocked.Exchange(ref _pending, null)?.TrySetResult(outcome);
        });
        using var timer = new PeriodicTimer(settings.Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await PassAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning(e, "Retention pass failed; the next starts in {Interval}", settings.Interval);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private async Task PassAsync(CancellationToken stoppingToken)
    {
        if (await OldestOpenCutAsync(stoppingToken) is not { } hold) return;
        var now = UnixTime.NowNs();
        var chunk = new RetentionChunk(
            settings.AgeEnabled ? now - Nanoseconds(settings.MaxAge) : null,
            settings.SizeEnabled ? settings.MaxBytes : null,
            settings.ClosedConnectionsEnabled ? now - Nanoseconds(settings.ClosedConnectionsAfter) : null,
            hold.RequestedAtNs,
            settings.ChunkRows);
        for (var sent = 0; sent < settings.MaxChunksPerPass; sent++)
        {
            var outcome = await CommitAsync(chunk, stoppingToken);
            if (outcome is null) break;
            status.Chunk(outcome);
            WarnOnceIfUnreachable(outcome);
            if (!outcome.More) break;
        }
        status.PassFinished(now);
    }

    /// <summary>Null when the store's queue is full (the writer is far behind: retention can wait) or the chunk timed out.</summary>
    private async Task<RetentionOutcome?> CommitAsync(RetentionChunk chunk, CancellationToken stoppingToken)
    {
        var committed = new TaskCompletionSource<RetentionOutcome>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _pending, committed);
        if (!store.TryWrite(chunk))
        {
            Interlocked.CompareExchange(ref _pending, null, committed);
            logger.LogDebug("Retention chunk not queued: the store queue is full");
            return null;
        }
        try
        {
            return await committed.Task.WaitAsync(settings.ChunkTimeout, stoppingToken);
        }
        catch (TimeoutException)
        {
            Interlocked.CompareExchange(ref _pending, null, committed);
            logger.LogWarning("A retention chunk was not committed within {Timeout}; the pass ends here", settings.ChunkTimeout);
            return null;
        }
    }

    private async Task<OldestOpenCut?> OldestOpenCutAsync(CancellationToken stoppingToken)
    {
        try
        {
            var answer = await cuts.ActorRef.Ask<object>(GetOldestOpenCut.Instance, timeouts.Actor, stoppingToken);
            if (answer is OldestOpenCut oldest) return oldest;
            logger.LogInformation("Retention pass skipped: the cut coordinator answered {Answer}", answer);
        }
        catch (AskTimeoutException)
        {
            logger.LogInformation("Retention pass skipped: the cut coordinator did not answer within {Timeout}", timeouts.Actor);
        }
        return null;
    }

    private void WarnOnceIfUnreachable(RetentionOutcome outcome)
    {
        if (!outcome.SizeUnreachable || _warnedUnreachable) return;
        _warnedUnreachable = true;
        logger.LogWarning(
            "The database holds {Used} bytes, over Peeps:Retention:MaxBytes ({Limit}), with no history left to remove: current state fills it",
            outcome.UsedBytes, settings.MaxBytes);
    }

    private static long Nanoseconds(TimeSpan span) => span.Ticks * 100;
}

namespace Peeps.Benchmarks;

/// <summary>
/// Samples the size of a database's write-ahead log while a run goes on. A log that only grows means checkpoints
/// never let the writer start it over, and the writer's own auto-checkpoint will stall a commit to copy it.
/// </summary>
public sealed class WalWatch
{
    private readonly CancellationTokenSource _stop;
    private readonly Task<long> _sampling;

    private WalWatch(string databasePath, CancellationToken outer)
    {
        _stop = CancellationTokenSource.CreateLinkedTokenSource(outer);
        _sampling = SampleAsync(databasePath + "-wal", _stop.Token);
    }

    public static WalWatch Start(string databasePath, CancellationToken stop) => new(databasePath, stop);

    /// <summary>Stops sampling; returns the largest size seen, in bytes.</summary>
    public async Task<long> StopAsync()
    {
        await _stop.CancelAsync();
        var peak = await _sampling;
        _stop.Dispose();
        return peak;
    }

    private static async Task<long> SampleAsync(string walPath, CancellationToken stop)
    {
        long peak = 0;
        while (!stop.IsCancellationRequested)
        {
            var file = new FileInfo(walPath);
            if (file.Exists) peak = Math.Max(peak, file.Length);
            try
            {
                await Task.Delay(50, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return peak;
    }
}

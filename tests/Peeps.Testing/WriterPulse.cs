using Microsoft.Data.Sqlite;

namespace Peeps.Testing;

/// <summary>
/// Slows the server's writer for real: an outside connection holds the database's write lock (<c>BEGIN IMMEDIATE</c>)
/// for <c>hold</c>, commits, and lets the writer through for <c>release</c>, over and over. A writer held for good
/// would also hold back the self report's own rows, which reach SQL through the same writer; a pulsed one stays the
/// bottleneck while everything it is sent still lands, late.
/// </summary>
public sealed class WriterPulse : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private int _pulses;

    private WriterPulse(string dbPath, TimeSpan hold, TimeSpan release) =>
        _loop = Task.Run(() => LoopAsync(dbPath, hold, release, _stop.Token));

    /// <summary>Times the lock was taken; proves the writer is really being held.</summary>
    public int Pulses => Volatile.Read(ref _pulses);

    public static WriterPulse Start(string dbPath, TimeSpan hold, TimeSpan release) => new(dbPath, hold, release);

    /// <summary>Ends the pulsing with the lock released, so the writer runs freely from here on.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
    }

    private async Task LoopAsync(string dbPath, TimeSpan hold, TimeSpan release, CancellationToken stop)
    {
        await using var blocker = new SqliteConnection($"Data Source={dbPath}");
        await blocker.OpenAsync(CancellationToken.None);
        while (!stop.IsCancellationRequested)
        {
            await ExecuteAsync(blocker, "BEGIN IMMEDIATE");
            Interlocked.Increment(ref _pulses);
            try
            {
                await Task.Delay(hold, stop);
            }
            catch (OperationCanceledException)
            {
                // Stopping: the commit below releases the writer.
            }
            finally
            {
                await ExecuteAsync(blocker, "COMMIT");
            }
            try
            {
                await Task.Delay(release, stop);
            }
            catch (OperationCanceledException)
            {
                // Stopping between pulses: nothing is held.
            }
        }
    }

    private static async Task ExecuteAsync(SqliteConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }
}

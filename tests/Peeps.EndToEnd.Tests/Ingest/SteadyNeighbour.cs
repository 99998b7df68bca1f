using static Peeps.Testing.SampleBatches;

namespace Peeps.EndToEnd.Tests.Ingest;

/// <summary>
/// A healthy runtime that keeps sending one small batch after another until stopped, so a test can check that
/// another connection's bad input did not cost it a single batch.
/// </summary>
internal sealed class SteadyNeighbour : IAsyncDisposable
{
    private readonly RuntimeClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sending;
    private int _sent;

    private SteadyNeighbour(RuntimeClient client, string stream)
    {
        _client = client;
        Stream = stream;
        _sending = Task.Run(SendUntilStoppedAsync);
    }

    public string Stream { get; }

    public int Sent => Volatile.Read(ref _sent);

    public static async Task<SteadyNeighbour> StartAsync(PeepsServer server, uint pid)
    {
        var client = server.Connect();
        await client.HandshakeAsync("neighbour", pid);
        return new SteadyNeighbour(client, $"proc:{pid}");
    }

    private async Task SendUntilStoppedAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            await _client.SendJsonAsync(Upserts(Stream, (ulong)Sent, 1, "steady"));
            Interlocked.Increment(ref _sent);
            try { await Task.Delay(TimeSpan.FromMilliseconds(20), _stop.Token); }
            catch (OperationCanceledException) { }
        }
    }

    /// <summary>Stops sending and returns how many batches went out.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        await _sending;
        return Sent;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _client.Dispose();
        _stop.Dispose();
    }
}

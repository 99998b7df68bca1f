using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace Peeps.Simulator.Tests;

/// <summary>A stand-in for the server's TCP ingest port: accepts connections and records the frames each one sends.</summary>
internal sealed class FakeIngestServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly Channel<FakeConnection> _accepted = Channel.CreateUnbounded<FakeConnection>();
    private readonly List<FakeConnection> _connections = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _acceptLoop;

    public FakeIngestServer(int port = 0)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        _acceptLoop = AcceptLoopAsync();
    }

    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    public async Task<FakeConnection> AcceptAsync(TimeSpan? timeout = null) =>
        await _accepted.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(10));

    public async ValueTask DisposeAsync()
    {
        if (_stop.IsCancellationRequested) return;
        await _stop.CancelAsync();
        _listener.Stop();
        await _acceptLoop;
        foreach (var connection in _connections) await connection.DisposeAsync();
    }

    private async Task AcceptLoopAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var connection = new FakeConnection(client);
                _connections.Add(connection);
                _accepted.Writer.TryWrite(connection);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
            _accepted.Writer.TryComplete();
        }
    }
}

using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Peeps.Wire.Framing;
using Peeps.Wire.Json;
using Peeps.Wire.Messages;

namespace Peeps.Testing;

/// <summary>A hand-driven runtime connection: sends exactly the frames a test gives it and reads server messages.</summary>
public sealed class RuntimeClient : IDisposable
{
    private readonly TcpClient _tcp;
    private readonly NetworkStream _stream;
    private ReadOnlySequence<byte> _pending = ReadOnlySequence<byte>.Empty;

    private RuntimeClient(TcpClient tcp)
    {
        _tcp = tcp;
        _stream = tcp.GetStream();
    }

    public static RuntimeClient Connect(IPEndPoint endpoint)
    {
        var tcp = new TcpClient();
        tcp.Connect(endpoint);
        tcp.NoDelay = true;
        return new RuntimeClient(tcp);
    }

    public Socket Socket => _tcp.Client;

    public Task SendJsonAsync(string json) => SendRawAsync(FrameCodec.Encode(Encoding.UTF8.GetBytes(json)));

    public Task SendAsync(ClientMessage message) => SendRawAsync(FrameCodec.Encode(ClientMessageEncoder.Encode(message)));

    public Task HandshakeAsync(string processName, uint pid) => SendAsync(new Handshake(processName, pid));

    public async Task SendRawAsync(byte[] bytes) => await _stream.WriteAsync(bytes);

    public async Task<ServerMessage> ReceiveAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var sequence = _pending;
            if (FrameCodec.TryReadFrame(ref sequence, out var payload))
            {
                var message = ServerMessageCodec.Decode(payload.ToArray());
                _pending = new ReadOnlySequence<byte>(sequence.ToArray());
                return message;
            }
            var read = await _stream.ReadAsync(buffer, cancel.Token);
            if (read == 0) throw new EndOfStreamException("the server closed the connection");
            _pending = new ReadOnlySequence<byte>([.. _pending.ToArray(), .. buffer.AsSpan(0, read)]);
        }
    }

    /// <summary>True once the server has closed its side (a read returns end of stream or a reset).</summary>
    public async Task<bool> IsClosedByServerAsync(TimeSpan within)
    {
        using var cancel = new CancellationTokenSource(within);
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                if (await _stream.ReadAsync(buffer, cancel.Token) == 0) return true;
            }
        }
        catch (IOException) { return true; }
        catch (OperationCanceledException) { return false; }
    }

    public void Dispose() => _tcp.Dispose();
}

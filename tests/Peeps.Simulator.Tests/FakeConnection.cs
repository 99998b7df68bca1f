using System.Buffers;
using System.Net.Sockets;
using System.Text.Json;
using Peeps.Wire.Framing;
using Peeps.Wire.Json;
using Peeps.Wire.Messages;

namespace Peeps.Simulator.Tests;

/// <summary>One accepted client connection: frames are read with the real frame codec and kept as parsed JSON.</summary>
internal sealed class FakeConnection : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly List<JsonElement> _messages = [];
    private readonly Task _readLoop;

    public FakeConnection(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _readLoop = ReadLoopAsync();
    }

    public IReadOnlyList<JsonElement> Messages
    {
        get { lock (_messages) return [.. _messages]; }
    }

    public IReadOnlyList<JsonElement> Of(string variant) =>
        [.. Messages.Where(m => Variant(m) == variant).Select(m => m.GetProperty(variant))];

    public static string Variant(JsonElement message) => message.EnumerateObject().Single().Name;

    public async Task<JsonElement> WaitForAsync(string variant, Func<JsonElement, bool>? match = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            var found = Of(variant).Where(m => match?.Invoke(m) ?? true).ToList();
            if (found.Count > 0) return found[0];
            await Task.Delay(10);
        }
        throw new TimeoutException($"no {variant} message arrived");
    }

    public async Task WaitForCountAsync(string variant, int count, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (Of(variant).Count < count)
        {
            if (DateTime.UtcNow >= deadline) throw new TimeoutException($"only {Of(variant).Count} of {count} {variant} messages arrived");
            await Task.Delay(10);
        }
    }

    public async Task WaitForCloseAsync(TimeSpan? timeout = null) =>
        await _readLoop.WaitAsync(timeout ?? TimeSpan.FromSeconds(10));

    public async Task SendAsync(ServerMessage message) => await _stream.WriteAsync(FrameCodec.Encode(ServerMessageCodec.Encode(message)));

    /// <summary>Drops the connection from the server side, as a restarting server would.</summary>
    public void Abort()
    {
        _client.Client.LingerState = new LingerOption(true, 0);
        _client.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _readLoop;
    }

    private async Task ReadLoopAsync()
    {
        var buffer = new byte[1 << 16];
        var filled = 0;
        try
        {
            while (true)
            {
                if (filled == buffer.Length) Array.Resize(ref buffer, buffer.Length * 2);
                var read = await _stream.ReadAsync(buffer.AsMemory(filled));
                if (read == 0) break;
                filled += read;
                var sequence = new ReadOnlySequence<byte>(buffer, 0, filled);
                while (FrameCodec.TryReadFrame(ref sequence, out var payload))
                {
                    using var document = JsonDocument.Parse(payload);
                    lock (_messages) _messages.Add(document.RootElement.Clone());
                }
                var consumed = filled - (int)sequence.Length;
                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or SocketException)
        {
            // The test closed the connection.
        }
    }
}

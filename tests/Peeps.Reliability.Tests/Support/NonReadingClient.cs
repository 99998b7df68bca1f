using System.Net;
using System.Net.Sockets;
using Peeps.Wire.Framing;
using Peeps.Wire.Json;
using Peeps.Wire.Messages;

namespace Peeps.Reliability.Tests.Support;

/// <summary>
/// A runtime that handshakes and then stops reading, with a tiny receive buffer so the server's writes to it
/// back up after a few kilobytes instead of the megabytes a default socket would absorb.
/// </summary>
public sealed class NonReadingClient : IDisposable
{
    private readonly Socket _socket;

    private NonReadingClient(Socket socket) => _socket = socket;

    public static NonReadingClient Connect(IPEndPoint server, string processName, uint pid)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 2048, NoDelay = true };
        socket.Connect(server);
        socket.Send(FrameCodec.Encode(ClientMessageEncoder.Encode(new Handshake(processName, pid))));
        return new NonReadingClient(socket);
    }

    public int LocalPort => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    /// <summary>
    /// Starts reading at last and takes what had been queued for it, until nothing more arrives: the number of whole
    /// frames, all the bytes, and the size of the largest frame with its header.
    /// </summary>
    public (int Frames, long Bytes, int LargestFrame) Drain(TimeSpan quiet)
    {
        _socket.ReceiveTimeout = (int)quiet.TotalMilliseconds;
        var bytes = new List<byte>();
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = _socket.Receive(buffer);
                if (read == 0) break;
                bytes.AddRange(buffer.AsSpan(0, read));
            }
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.TimedOut)
        {
            // Quiet for long enough: everything queued has arrived.
        }
        var frames = 0;
        var largest = 0;
        var offset = 0;
        while (offset + FrameCodec.HeaderBytes <= bytes.Count)
        {
            var length = (bytes[offset] << 24) | (bytes[offset + 1] << 16) | (bytes[offset + 2] << 8) | bytes[offset + 3];
            offset += FrameCodec.HeaderBytes + length;
            if (offset > bytes.Count) break;
            frames++;
            largest = Math.Max(largest, FrameCodec.HeaderBytes + length);
        }
        return (frames, bytes.Count, largest);
    }

    public void Dispose() => _socket.Dispose();
}

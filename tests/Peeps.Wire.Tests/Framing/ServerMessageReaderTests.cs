using Peeps.Wire.Framing;
using Peeps.Wire.Json;
using Peeps.Wire.Messages;

namespace Peeps.Wire.Tests.Framing;

public sealed class ServerMessageReaderTests
{
    private static MemoryStream Frames(params ServerMessage[] messages) =>
        new([.. messages.SelectMany(m => FrameCodec.Encode(ServerMessageCodec.Encode(m)))]);

    [Fact]
    public async Task Reads_each_framed_message_in_order_and_ends_with_the_stream()
    {
        using var stream = Frames(new CutRequest("cut:1"), new SnapshotRequest(7, 5_000));
        var read = new List<ServerMessage>();

        await Assert.ThrowsAsync<EndOfStreamException>(async () =>
        {
            await foreach (var message in ServerMessageReader.ReadAllAsync(stream, CancellationToken.None))
                read.Add(message);
        });

        Assert.Equal([new CutRequest("cut:1"), new SnapshotRequest(7, 5_000)], read);
    }

    [Fact]
    public async Task A_frame_of_exactly_the_protocol_limit_is_read()
    {
        // JSON allows trailing whitespace, so a real message can be padded to the limit exactly.
        var payload = new byte[FrameCodec.MaxPayloadBytes];
        Array.Fill(payload, (byte)' ');
        ServerMessageCodec.Encode(new CutRequest("cut:1")).CopyTo(payload, 0);
        using var stream = new MemoryStream([.. FrameCodec.Encode(payload)]);

        await using var messages = ServerMessageReader.ReadAllAsync(stream, CancellationToken.None).GetAsyncEnumerator();

        Assert.True(await messages.MoveNextAsync());
        Assert.Equal(new CutRequest("cut:1"), messages.Current);
    }

    [Fact]
    public async Task A_frame_over_the_protocol_limit_is_refused_before_its_payload_is_read()
    {
        using var stream = new MemoryStream([0x00, 0x80, 0x00, 0x01]);

        var refused = await Assert.ThrowsAsync<WireFormatException>(async () =>
        {
            await foreach (var _ in ServerMessageReader.ReadAllAsync(stream, CancellationToken.None)) { }
        });

        Assert.Contains("over the limit", refused.Message);
        Assert.Equal(4, stream.Position);
    }
}

using System.Buffers;
using Peeps.Wire.Framing;

namespace Peeps.Wire.Tests.Framing;

/// <summary>The 4-byte big-endian length prefix, the 8 MiB limit, and frames that straddle or share reads.</summary>
public sealed class FrameCodecTests
{
    private const int EightMiB = 8 * 1024 * 1024;

    private static List<byte[]> ReadAll(ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> rest)
    {
        var payloads = new List<byte[]>();
        while (FrameCodec.TryReadFrame(ref buffer, out var payload))
            payloads.Add(payload.ToArray());
        rest = buffer;
        return payloads;
    }

    [Fact]
    public void Encode_writes_the_length_big_endian_before_the_payload()
    {
        var payload = Enumerable.Range(0, 258).Select(i => (byte)i).ToArray();

        var frame = FrameCodec.Encode(payload);

        Assert.Equal(new byte[] { 0, 0, 1, 2 }, frame[..4]);
        Assert.Equal(payload, frame[4..]);
    }

    [Fact]
    public void Encode_of_an_empty_payload_is_a_zero_header()
    {
        Assert.Equal(new byte[] { 0, 0, 0, 0 }, FrameCodec.Encode([]));
    }

    [Fact]
    public void Encode_accepts_exactly_the_limit_and_rejects_one_byte_more()
    {
        Assert.Equal(new byte[] { 0, 0x80, 0, 0 }, FrameCodec.Encode(new byte[EightMiB])[..4]);

        var error = Assert.Throws<WireFormatException>(() => FrameCodec.Encode(new byte[EightMiB + 1]));
        Assert.Contains("exceeds", error.Message);
    }

    [Fact]
    public void Frame_announcing_exactly_the_limit_is_read()
    {
        var buffer = new ReadOnlySequence<byte>(FrameCodec.Encode(new byte[EightMiB]));

        Assert.True(FrameCodec.TryReadFrame(ref buffer, out var payload));
        Assert.Equal(EightMiB, payload.Length);
        Assert.True(buffer.IsEmpty);
    }

    [Fact]
    public void Frame_announcing_one_byte_over_the_limit_is_rejected_from_its_header_alone()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0, 0x80, 0, 1 });

        var error = Assert.Throws<WireFormatException>(() => FrameCodec.TryReadFrame(ref buffer, out _));
        Assert.Contains("8388609", error.Message);
    }

    [Fact]
    public void Frame_announcing_the_largest_u32_is_rejected_not_read_as_negative()
    {
        var buffer = new ReadOnlySequence<byte>(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF });

        Assert.Throws<WireFormatException>(() => FrameCodec.TryReadFrame(ref buffer, out _));
    }

    [Fact]
    public void A_smaller_limit_can_be_passed()
    {
        var buffer = new ReadOnlySequence<byte>(FrameCodec.Encode(new byte[11]));

        Assert.Throws<WireFormatException>(() => FrameCodec.TryReadFrame(ref buffer, out _, maxPayloadBytes: 10));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(8)]
    public void Incomplete_frame_is_left_in_the_buffer(int available)
    {
        var frame = FrameCodec.Encode("hello"u8);
        var buffer = new ReadOnlySequence<byte>(frame, 0, available);

        Assert.False(FrameCodec.TryReadFrame(ref buffer, out _));
        Assert.Equal(available, buffer.Length);
    }

    [Fact]
    public void Several_frames_in_one_buffer_are_read_in_order_leaving_the_partial_tail()
    {
        byte[] bytes = [.. FrameCodec.Encode("a"u8), .. FrameCodec.Encode([]), .. FrameCodec.Encode("ccc"u8), 0, 0, 0, 9, 1];

        var payloads = ReadAll(new ReadOnlySequence<byte>(bytes), out var rest);

        Assert.Equal(["a", "", "ccc"], payloads.Select(Utf8.Text));
        Assert.Equal(new byte[] { 0, 0, 0, 9, 1 }, rest.ToArray());
    }

    [Fact]
    public void One_frame_split_over_many_segments_is_read_whole()
    {
        var payload = Utf8.Bytes("""{"handshake":{"process_name":"worker-a","pid":12345}}""");
        var frame = FrameCodec.Encode(payload);

        var buffer = Segments.Split(frame, Enumerable.Range(1, frame.Length - 1));

        Assert.Equal([payload], ReadAll(buffer, out var rest));
        Assert.True(rest.IsEmpty);
    }

    [Fact]
    public void Header_split_across_segments_is_read()
    {
        byte[] frames = [.. FrameCodec.Encode(new byte[300]), .. FrameCodec.Encode("x"u8)];

        var payloads = ReadAll(Segments.Split(frames, [1, 2, 3, 305, 306]), out _);

        Assert.Equal([300, 1], payloads.Select(p => p.Length));
    }
}

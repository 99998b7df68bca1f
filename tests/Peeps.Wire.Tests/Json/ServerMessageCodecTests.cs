using Peeps.Wire.Json;
using Peeps.Wire.Messages;

namespace Peeps.Wire.Tests.Json;

/// <summary>The server's own messages, as the simulator and tests decode them on the client side.</summary>
public sealed class ServerMessageCodecTests
{
    [Theory]
    [InlineData("""{"cut_request":{"cut_id":5}}""")]
    [InlineData("""{"cut_request":{}}""")]
    [InlineData("""{"snapshot_request":{"snapshot_id":9223372036854775808,"timeout_ms":1}}""")]
    [InlineData("""{"cut_request":{"cut_id":"c"},"snapshot_request":{}}""")]
    [InlineData("""{"shutdown":{}}""")]
    [InlineData("""{"cut_request":""")]
    public void Malformed_server_message_is_a_wire_format_exception(string json)
    {
        Assert.Throws<WireFormatException>(() => ServerMessageCodec.Decode(Utf8.Bytes(json)));
    }

    [Fact]
    public void Negative_snapshot_ids_round_trip()
    {
        var request = new SnapshotRequest(-1, 5000);

        Assert.Equal(request, ServerMessageCodec.Decode(ServerMessageCodec.Encode(request)));
    }
}

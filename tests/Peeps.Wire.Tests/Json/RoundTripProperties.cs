using FsCheck.Xunit;
using Peeps.Wire.Json;
using Peeps.Wire.Messages;

namespace Peeps.Wire.Tests.Json;

public sealed class RoundTripProperties
{
    [Property(Arbitrary = [typeof(WireArbitraries)], MaxTest = 300)]
    public void Generated_messages_decode_to_what_was_encoded(ClientMessage message)
    {
        var decoded = ClientMessageDecoder.Decode(ClientMessageEncoder.Encode(message));

        Assert.Equal(MessageShape.Of(message), MessageShape.Of(decoded));
    }

    [Property(Arbitrary = [typeof(WireArbitraries)], MaxTest = 300)]
    public void Decoding_then_encoding_gives_back_the_same_bytes(ClientMessage message)
    {
        var bytes = ClientMessageEncoder.Encode(message);

        Assert.Equal(bytes, ClientMessageEncoder.Encode(ClientMessageDecoder.Decode(bytes)));
    }

    [Property(Arbitrary = [typeof(WireArbitraries)], MaxTest = 300)]
    public void Delta_batch_payload_json_is_the_encoded_batch_object(ClientMessage message)
    {
        if (message is not DeltaBatch) return;
        var bytes = ClientMessageEncoder.Encode(message);

        var batch = (DeltaBatch)ClientMessageDecoder.Decode(bytes);

        Assert.Equal(Utf8.Text(bytes)["{\"delta_batch\":".Length..^1], Utf8.Text(batch.PayloadJson));
    }
}

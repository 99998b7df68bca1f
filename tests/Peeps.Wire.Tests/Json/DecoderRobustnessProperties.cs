using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Peeps.Wire.Json;
using Peeps.Wire.Messages;

namespace Peeps.Wire.Tests.Json;

/// <summary>Whatever arrives, the decoder returns a message or throws <see cref="WireFormatException"/>; any other exception fails.</summary>
public sealed class DecoderRobustnessProperties
{
    private static readonly string[] Tokens =
    [
        "{", "}", "[", "]", ":", ",", "\"", "\\", "\\u", "d800", " ", "0", "-1", "1e9", "18446744073709551616", "null", "true",
        "\"delta_batch\"", "\"handshake\"", "\"cut_ack\"", "\"snapshot_reply\"", "\"error\"", "\"changes\"", "\"seq_no\"", "\"change\"",
        "\"upsert_edge\"", "\"upsert_entity\"", "\"append_event\"", "\"id\"", "\"kind\"", "\"at\"", "\"src\"", "\"dst\"", "\"x\"",
        "\"stream_id\"", "\"from_seq_no\"", "\"next_seq_no\"", "\"truncated\"", "\"snapshot\"", "\"cursor\"", "\"pid\"",
    ];

    private static void DecodeOrReject(byte[] payload)
    {
        try
        {
            ClientMessageDecoder.Decode(payload);
        }
        catch (WireFormatException)
        {
            // Rejection is a valid outcome; only other exception types fail the property.
        }
    }

    [Property(MaxTest = 1000)]
    public void Arbitrary_bytes_decode_or_throw_wire_format_exception(byte[] payload) => DecodeOrReject(payload);

    [Property(MaxTest = 1000)]
    public Property Json_token_soup_decodes_or_throws_wire_format_exception() =>
        Prop.ForAll(
            Arb.From(Gen.Elements(Tokens).ArrayOf().Select(tokens => Utf8.Bytes(string.Concat(tokens)))),
            DecodeOrReject);

    [Property(Arbitrary = [typeof(WireArbitraries)], MaxTest = 500)]
    public void Mutated_valid_messages_decode_or_throw_wire_format_exception(ClientMessage message, int[] edits)
    {
        var bytes = ClientMessageEncoder.Encode(message).ToList();
        foreach (var edit in edits)
        {
            if (bytes.Count == 0) break;
            var at = (int)((uint)edit % (uint)bytes.Count);
            switch ((uint)edit % 4)
            {
                case 0: bytes.RemoveAt(at); break;
                case 1: bytes.Insert(at, (byte)"{}[]\",:\\0-"[at % 10]); break;
                case 2: bytes[at] = (byte)(edit >> 8); break;
                default: bytes.RemoveRange(at, bytes.Count - at); break;
            }
        }

        DecodeOrReject([.. bytes]);
    }
}

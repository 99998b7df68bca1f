using Peeps.Wire.Json;
using Peeps.Wire.Messages;

namespace Peeps.Wire.Tests.Json;

/// <summary>Strings are escaped like the reference encoder: only quote, backslash and control characters.</summary>
public sealed class ReferenceStringEncodingTests
{
    private static string HandshakeFor(string processName) =>
        Utf8.Text(ClientMessageEncoder.Encode(new Handshake(processName, 1)));

    [Theory]
    [InlineData("<a&b>'+`", "<a&b>'+`")]
    [InlineData("héllo ✓ 😀", "héllo ✓ 😀")]
    [InlineData("q\"b\\", "q\\\"b\\\\")]
    [InlineData("\b\f\n\r\t", "\\b\\f\\n\\r\\t")]
    [InlineData("\u0000\u001f\u007f", "\\u0000\\u001f\u007f")]
    [InlineData("\u2028", "\u2028")]
    public void Strings_are_escaped_like_the_reference(string value, string expected)
    {
        Assert.Equal($$$"""{"handshake":{"process_name":"{{{expected}}}","pid":1}}""", HandshakeFor(value));
    }

    [Theory]
    [InlineData("<a&b>'+`")]
    [InlineData("héllo ✓ 😀")]
    [InlineData("\u0000\u001f\"\\\b\f\n\r\t")]
    public void Escaped_strings_decode_back_to_the_original(string value)
    {
        Assert.Equal(new Handshake(value, 1), ClientMessageDecoder.Decode(ClientMessageEncoder.Encode(new Handshake(value, 1))));
    }

    [Fact]
    public void Server_messages_escape_strings_like_the_reference()
    {
        Assert.Equal("""{"cut_request":{"cut_id":"cut<1>é"}}""", Utf8.Text(ServerMessageCodec.Encode(new CutRequest("cut<1>é"))));
    }
}

using Peeps.Wire.Json;

namespace Peeps.Wire.Tests.Json;

/// <summary>Every kind of bad input is a <see cref="WireFormatException"/> whose message says what was wrong.</summary>
public sealed class MalformedInputTests
{
    private const string Header = """{"delta_batch":{"stream_id":"p","from_seq_no":0,"next_seq_no":1,"truncated":false,"changes":[""";

    private static WireFormatException Rejects(byte[] payload) =>
        Assert.Throws<WireFormatException>(() => ClientMessageDecoder.Decode(payload));

    [Theory]
    [InlineData("", "not valid JSON")]
    [InlineData("   ", "not valid JSON")]
    [InlineData("""{"handshake":{"process_name":"w","pid":1}""", "not valid JSON")]
    [InlineData("""{"handshake":{"process_name":"w",,"pid":1}}""", "not valid JSON")]
    [InlineData("""{'handshake':{}}""", "not valid JSON")]
    [InlineData("""/* hi */{"handshake":{"process_name":"w","pid":1}}""", "not valid JSON")]
    [InlineData("""{"handshake":{"process_name":"w","pid":1}} x""", "not valid JSON")]
    [InlineData("""{"handshake":{"process_name":"w","pid":1}}{"handshake":{"process_name":"w","pid":1}}""", "not valid JSON")]
    [InlineData("""{"handshake":{"process_name":"w","pid":01}}""", "not valid JSON")]
    public void Invalid_json_is_rejected(string json, string expected)
    {
        Assert.Contains(expected, Rejects(Utf8.Bytes(json)).Message);
    }

    [Theory]
    [InlineData("[1]", "'message' must be an object with one variant key, got an array")]
    [InlineData("42", "'message' must be an object with one variant key, got a number")]
    [InlineData("null", "'message' must be an object with one variant key, got null")]
    [InlineData("{}", "message object is empty")]
    [InlineData("""{"handshake":{"process_name":"w","pid":1},"cut_ack":{}}""", "more than one key")]
    [InlineData("""{"metrics":1,"other":2}""", "more than one key")]
    [InlineData("\"handshake\"", "message variant 'handshake' needs content")]
    public void Envelope_that_is_not_exactly_one_variant_key_is_rejected(string json, string expected)
    {
        Assert.Contains(expected, Rejects(Utf8.Bytes(json)).Message);
    }

    [Theory]
    [InlineData("""{"handshake":{"pid":1}}""", "handshake is missing required field 'process_name'")]
    [InlineData("""{"handshake":{"process_name":"w"}}""", "handshake is missing required field 'pid'")]
    [InlineData("""{"cut_ack":{"cut_id":"c"}}""", "cut_ack is missing required field 'cursor'")]
    [InlineData("""{"cut_ack":{"cut_id":"c","cursor":{"stream_id":"p"}}}""", "cursor is missing required field 'next_seq_no'")]
    [InlineData("""{"snapshot_reply":{"snapshot_id":1}}""", "snapshot_reply is missing required field 'ptime_now_ms'")]
    [InlineData("""{"error":{"process_name":"w","pid":1,"stage":"s"}}""", "error is missing required field 'error'")]
    [InlineData("""{"delta_batch":{"stream_id":"p","from_seq_no":0,"next_seq_no":0,"changes":[]}}""", "delta_batch is missing required field 'truncated'")]
    [InlineData("""{"delta_batch":{"stream_id":"p","from_seq_no":0,"next_seq_no":0,"truncated":false}}""", "delta_batch is missing required field 'changes'")]
    public void Missing_required_field_is_rejected(string json, string expected)
    {
        Assert.Contains(expected, Rejects(Utf8.Bytes(json)).Message);
    }

    [Theory]
    [InlineData("""{"handshake":{"process_name":null,"pid":1}}""", "'process_name' must be a string, got null")]
    [InlineData("""{"handshake":{"process_name":"w","pid":"1"}}""", "'pid' must be an unsigned 32-bit integer, got a string")]
    [InlineData("""{"handshake":[]}""", "'handshake' must be an object, got an array")]
    [InlineData("""{"delta_batch":{"stream_id":"p","from_seq_no":0,"next_seq_no":0,"changes":{},"truncated":false}}""", "'changes' must be an array, got an object")]
    [InlineData("""{"delta_batch":{"stream_id":"p","from_seq_no":0,"next_seq_no":0,"changes":[],"truncated":"false"}}""", "'truncated' must be a boolean, got a string")]
    [InlineData("""{"snapshot_reply":{"snapshot_id":1,"ptime_now_ms":2,"snapshot":[]}}""", "'snapshot' must be an object or null, got an array")]
    [InlineData("""{"cut_ack":{"cut_id":"c","cursor":"p:3"}}""", "'cursor' must be an object, got a string")]
    public void Wrong_type_is_rejected(string json, string expected)
    {
        Assert.Contains(expected, Rejects(Utf8.Bytes(json)).Message);
    }

    [Theory]
    [InlineData("""{"handshake":{"process_name":"w","pid":4294967296}}""", "'pid' must be an unsigned 32-bit integer, got 4294967296")]
    [InlineData("""{"handshake":{"process_name":"w","pid":-1}}""", "'pid' must be an unsigned 32-bit integer, got -1")]
    [InlineData("""{"cut_ack":{"cut_id":"c","cursor":{"stream_id":"p","next_seq_no":18446744073709551616}}}""", "'next_seq_no' must be an unsigned 64-bit integer, got 18446744073709551616")]
    [InlineData("""{"delta_batch":{"stream_id":"p","from_seq_no":-1,"next_seq_no":0,"changes":[],"truncated":false}}""", "'from_seq_no' must be an unsigned 64-bit integer, got -1")]
    [InlineData("""{"delta_batch":{"stream_id":"p","from_seq_no":1.5,"next_seq_no":0,"changes":[],"truncated":false}}""", "'from_seq_no' must be an unsigned 64-bit integer, got 1.5")]
    [InlineData("""{"delta_batch":{"stream_id":"p","from_seq_no":1e3,"next_seq_no":0,"changes":[],"truncated":false}}""", "'from_seq_no' must be an unsigned 64-bit integer, got 1e3")]
    [InlineData("""{"snapshot_reply":{"snapshot_id":9223372036854775808,"ptime_now_ms":2}}""", "'snapshot_id' must be a signed 64-bit integer, got 9223372036854775808")]
    public void Number_out_of_range_is_rejected(string json, string expected)
    {
        Assert.Contains(expected, Rejects(Utf8.Bytes(json)).Message);
    }

    [Theory]
    [InlineData("""{"seq_no":0}""", "delta_batch change is missing required field 'change'")]
    [InlineData("""{"change":{"remove_entity":{"id":"e"}}}""", "delta_batch change is missing required field 'seq_no'")]
    [InlineData("""{"seq_no":-5,"change":{"remove_entity":{"id":"e"}}}""", "'seq_no' must be an unsigned 64-bit integer, got -5")]
    [InlineData("""[0]""", "'delta_batch change' must be an object, got an array")]
    [InlineData("""{"seq_no":0,"change":{}}""", "'change' is empty")]
    [InlineData("""{"seq_no":0,"change":{"remove_entity":{"id":"e"},"remove_scope":{"id":"s"}}}""", "'change' has more than one variant key")]
    [InlineData("""{"seq_no":0,"change":"upsert_entity"}""", "variant 'upsert_entity' needs content")]
    [InlineData("""{"seq_no":0,"change":7}""", "must be an object with one variant key, got a number")]
    [InlineData("""{"seq_no":0,"change":{"upsert_entity":{"name":"n","body":"future"}}}""", "upsert_entity is missing required field 'id'")]
    [InlineData("""{"seq_no":0,"change":{"upsert_entity":"e1"}}""", "'upsert_entity' must be an object, got a string")]
    [InlineData("""{"seq_no":0,"change":{"upsert_entity":{"id":7}}}""", "'id' must be a string, got a number")]
    [InlineData("""{"seq_no":0,"change":{"upsert_edge":{"src":"a","dst":"b","meta":null}}}""", "upsert_edge is missing required field 'kind'")]
    [InlineData("""{"seq_no":0,"change":{"upsert_edge":{"src":"a","dst":"b","kind":3}}}""", "'kind' must be a string or an object")]
    [InlineData("""{"seq_no":0,"change":{"remove_edge":{"dst":"b","kind":"needs"}}}""", "remove_edge is missing required field 'src'")]
    [InlineData("""{"seq_no":0,"change":{"append_event":{"id":"ev","at":"5"}}}""", "'at' must be an unsigned 64-bit integer, got a string")]
    [InlineData("""{"seq_no":0,"change":{"append_event":{"id":"ev"}}}""", "append_event is missing required field 'at'")]
    [InlineData("""{"seq_no":0,"change":{"upsert_entity_scope_link":{"entity_id":"e"}}}""", "upsert_entity_scope_link is missing required field 'scope_id'")]
    [InlineData("""{"seq_no":0,"change":{"remove_scope":{}}}""", "remove_scope is missing required field 'id'")]
    public void Malformed_change_is_rejected(string change, string expected)
    {
        Assert.Contains(expected, Rejects(Utf8.Bytes(Header + change + "]}}")).Message);
    }

    [Theory]
    [InlineData("""{"handshake":{"process_name":"a","pid":1,"pid":2}}""", "handshake has a duplicate 'pid' field")]
    [InlineData("""{"delta_batch":{"stream_id":"p","stream_id":"q","from_seq_no":0,"next_seq_no":0,"changes":[],"truncated":false}}""", "delta_batch has a duplicate 'stream_id' field")]
    public void Duplicate_known_field_is_rejected(string json, string expected)
    {
        Assert.Contains(expected, Rejects(Utf8.Bytes(json)).Message);
    }

    [Fact]
    public void Error_message_gives_the_byte_offset()
    {
        Assert.Contains("(at byte 41)", Rejects(Utf8.Bytes("""{"handshake":{"process_name":"w","pid":1,"pid":2}}""")).Message);
    }

    [Fact]
    public void Invalid_utf8_is_rejected()
    {
        byte[] payload = [.. Utf8.Bytes("""{"handshake":{"process_name":"""), (byte)'"', 0xC3, 0x28, (byte)'"', .. Utf8.Bytes(""","pid":1}}""")];

        Assert.Contains("not valid UTF-8", Rejects(payload).Message);
    }

    [Fact]
    public void Lone_surrogate_escape_in_a_decoded_string_is_rejected()
    {
        Assert.Contains("invalid string", Rejects(Utf8.Bytes("""{"handshake":{"process_name":"\ud800","pid":1}}""")).Message);
    }

    [Fact]
    public void Nesting_deeper_than_the_limit_is_rejected()
    {
        var deep = new string('[', 300) + new string(']', 300);

        Assert.Contains("not valid JSON", Rejects(Utf8.Bytes($$"""{"metrics":{{deep}}}""")).Message);
    }

    /// <summary>Up to 32 characters a number is short enough to quote; the boundary is where a mutant moved it.</summary>
    [Fact]
    public void A_thirty_two_digit_number_is_quoted_in_full_in_the_message()
    {
        var digits = new string('9', 32);

        var message = Rejects(Utf8.Bytes($$$"""{"handshake":{"process_name":"w","pid":{{{digits}}}}}""")).Message;

        Assert.Contains($"got {digits}", message);
    }

    [Fact]
    public void Huge_number_is_abbreviated_in_the_message()
    {
        var digits = new string('9', 5000);

        var message = Rejects(Utf8.Bytes($$$"""{"handshake":{"process_name":"w","pid":{{{digits}}}}}""")).Message;

        Assert.Contains("a 5000-character number", message);
    }
}

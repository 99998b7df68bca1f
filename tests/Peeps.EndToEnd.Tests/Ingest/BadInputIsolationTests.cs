using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.Logging;
using static Peeps.Testing.SampleBatches;

namespace Peeps.EndToEnd.Tests.Ingest;

/// <summary>
/// Each kind of bad input ends only its own connection (or skips only its frame), while a healthy
/// neighbour keeps ingesting without a pause and the server stays up.
/// </summary>
public sealed class BadInputIsolationTests : IAsyncLifetime
{
    private PeepsServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await PeepsServer.StartAsync(settings: ["Peeps:Ingest:HandshakeTimeout=00:00:00.500", "Peeps:Ingest:MaxFrameBytes=65536"]);

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    private static byte[] Header(uint length)
    {
        var header = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(header, length);
        return header;
    }

    private static byte[] Utf8Frame(string json) => [.. Header((uint)Encoding.UTF8.GetByteCount(json)), .. Encoding.UTF8.GetBytes(json)];

    public static TheoryData<string, byte[]> FatalInputs => new()
    {
        { "garbage bytes", [0xde, 0xad, 0xbe, 0xef, 0x00, 0x01, 0x02, 0x03] },
        { "a length over the frame limit", Header(9 * 1024 * 1024) },
        { "invalid JSON", Utf8Frame("{\"handshake\":{\"process_name\":") },
        { "a message that is not an object", Utf8Frame("[1,2,3]") },
        { "a batch missing its cursor", Utf8Frame("""{"delta_batch":{"stream_id":"proc:1","changes":[],"truncated":false}}""") },
    };

    [Theory]
    [MemberData(nameof(FatalInputs))]
    public async Task A_malformed_frame_closes_only_its_own_connection(string what, byte[] bytes)
    {
        using var healthy = _server.Connect();
        await healthy.HandshakeAsync("healthy", 1);
        await healthy.SendJsonAsync(Upserts("proc:1", 0, 10));

        using var bad = _server.Connect();
        await bad.HandshakeAsync("bad", 2);
        await bad.SendRawAsync(bytes);

        Assert.True(await bad.IsClosedByServerAsync(TimeSpan.FromSeconds(5)), $"{what}: the offending connection stayed open");
        await healthy.SendJsonAsync(Upserts("proc:1", 10, 10));
        await Eventually.Until(() => _server.CountAsync("select count(*) from entities where stream_id = 'proc:1'"), n => n == 20, what: what);
        var live = await _server.GetJsonAsync("/api/connections");
        Assert.Equal(["healthy"], live.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("process_name").GetString()));
    }

    [Fact]
    public async Task A_truncated_final_frame_closes_the_connection_with_a_logged_reason_and_keeps_what_came_before()
    {
        var logs = CapturedLogs.AttachTo(_server);
        await using var neighbour = await StartNeighbourAsync(30);
        using var client = _server.Connect();
        await client.HandshakeAsync("truncator", 3);
        await client.SendJsonAsync(Upserts("proc:3", 0, 5));
        var whole = Utf8Frame(Upserts("proc:3", 5, 5));
        await client.SendRawAsync(whole[..(whole.Length / 2)]);
        client.Socket.Shutdown(System.Net.Sockets.SocketShutdown.Send);

        Assert.True(await client.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
        await Eventually.Until(() => _server.CountAsync("select count(*) from connections where process_name = 'truncator' and disconnected_at_ns is not null"), n => n == 1);
        Assert.Equal(5, await _server.CountAsync("select count(*) from entities where stream_id = 'proc:3'"));
        var connId = await _server.CountAsync("select conn_id from connections where process_name = 'truncator'");
        await logs.WaitForAsync($"conn {connId}: closing the connection: bad framing", "truncated final frame");
        await AssertEveryBatchLandedAsync(neighbour);
    }

    [Fact]
    public async Task A_message_of_unknown_variant_is_skipped_and_the_connection_carries_on()
    {
        using var client = _server.Connect();
        await client.HandshakeAsync("newer-client", 4);
        await client.SendJsonAsync("""{"telemetry_v9":{"anything":[1,2,3]}}""");
        await client.SendJsonAsync(Upserts("proc:4", 0, 3));

        await Eventually.Until(() => _server.CountAsync("select count(*) from entities where stream_id = 'proc:4'"), n => n == 3);
        Assert.False(await client.IsClosedByServerAsync(TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task An_unknown_change_variant_and_extra_fields_are_stored_not_rejected()
    {
        using var client = _server.Connect();
        await client.HandshakeAsync("future-model", 5);
        await client.SendJsonAsync(Batch("proc:5", 0, 2,
        [
            Change(0, "teleport_entity", """{"id":"x"}"""),
            """{"seq_no":1,"change":{"upsert_entity":{"id":"y","birth":1,"source":"a.rs:1","name":"y","body":{"hologram":{}},"meta":{},"color":"blue"}},"extra":true}""",
        ]));

        var rows = await Eventually.Until(() => _server.SqlAsync("select json_extract(entity_json, '$.color') from entities where stream_id = 'proc:5'"), r => r.RowCount == 1);
        Assert.Equal("blue", rows.Rows[0][0].GetString());
        Assert.Equal(2, await _server.CountAsync("select change_count from delta_batches where stream_id = 'proc:5'"));
    }

    [Fact]
    public async Task A_connection_that_never_handshakes_is_closed_after_the_handshake_timeout_with_a_logged_reason()
    {
        var logs = CapturedLogs.AttachTo(_server);
        await using var neighbour = await StartNeighbourAsync(31);
        using var silent = _server.Connect();

        Assert.True(await silent.IsClosedByServerAsync(TimeSpan.FromSeconds(5)));
        var closed = await Eventually.Until(
            () => _server.SqlAsync("select conn_id, connected_at_ns, disconnected_at_ns from connections where process_name like 'unknown-%' and disconnected_at_ns is not null"),
            rows => rows.RowCount == 1);
        var (connId, opened, ended) = (closed.Rows[0][0].GetInt64(), closed.Rows[0][1].GetInt64(), closed.Rows[0][2].GetInt64());
        await logs.WaitForAsync($"conn {connId}: no handshake within 00:00:00.5", "closing the connection");
        await AssertEveryBatchLandedAsync(neighbour);
        Assert.True(await _server.CountAsync(
                $"select count(*) from delta_batches where stream_id = '{neighbour.Stream}' and received_at_ns between {opened} and {ended}") > 0,
            "the neighbour's batches stopped landing while the silent connection was open");
    }

    [Fact]
    public async Task A_client_error_message_is_logged_with_process_name_pid_stage_and_text_and_the_connection_carries_on()
    {
        var logs = CapturedLogs.AttachTo(_server);
        using var client = _server.Connect();
        await client.HandshakeAsync("failing-proc", 6);
        await client.SendJsonAsync("""{"error":{"process_name":"failing-proc","pid":6,"stage":"pull_changes","error":"change log poisoned","last_frame_utf8":"{}"}}""");
        await client.SendJsonAsync(Upserts("proc:6", 0, 2));

        await Eventually.Until(() => _server.CountAsync("select count(*) from stream_cursors where stream_id = 'proc:6' and next_seq_no = 2"), n => n == 1,
            what: "the batch after the error committed");
        var connId = await _server.CountAsync("select conn_id from connections where process_name = 'failing-proc'");
        string[] parts = [$"conn {connId}:", "failing-proc", "pid 6", "stage pull_changes", "change log poisoned"];
        await logs.WaitForAsync(e => e.Level == LogLevel.Warning && parts.All(e.Message.Contains), "the client's error logged as a warning");
    }

    private async Task<SteadyNeighbour> StartNeighbourAsync(uint pid)
    {
        var neighbour = await SteadyNeighbour.StartAsync(_server, pid);
        await Eventually.Until(() => _server.CountAsync($"select count(*) from delta_batches where stream_id = '{neighbour.Stream}'"), n => n >= 3,
            what: "the neighbour ingesting before the bad input");
        return neighbour;
    }

    private async Task AssertEveryBatchLandedAsync(SteadyNeighbour neighbour)
    {
        var sent = await neighbour.StopAsync();
        await Eventually.Until(() => _server.CountAsync($"select count(*) from delta_batches where stream_id = '{neighbour.Stream}'"), n => n == sent,
            what: $"all {sent} batches of the neighbour");
        Assert.Equal(sent, await _server.CountAsync($"select next_seq_no from stream_cursors where stream_id = '{neighbour.Stream}'"));
        Assert.Equal(sent, await _server.CountAsync($"select count(*) from entities where stream_id = '{neighbour.Stream}'"));
        var live = await _server.GetJsonAsync("/api/connections");
        Assert.Contains("neighbour", live.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("process_name").GetString()));
    }
}

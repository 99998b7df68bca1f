using Microsoft.Extensions.Logging;
using static Peeps.Testing.SampleBatches;

namespace Peeps.EndToEnd.Tests.Hosting;

/// <summary>
/// The Rust client sends a batch only when something changed, so a stuck runtime — what users debug — is silent.
/// By default the server never closes it for that; the idle timeout is an opt-in knob.
/// </summary>
public sealed class IdleConnectionTests
{
    private static readonly TimeSpan HandshakeTimeout = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FrameReadTimeout = TimeSpan.FromMilliseconds(500);

    [Fact]
    public async Task By_default_a_quiet_handshaken_connection_outlives_every_other_timeout_and_its_later_batch_lands()
    {
        await using var server = await PeepsServer.StartAsync(settings:
        [
            $"Peeps:Ingest:HandshakeTimeout={HandshakeTimeout}",
            $"Peeps:Ingest:FrameReadTimeout={FrameReadTimeout}",
        ]);
        var logs = CapturedLogs.AttachTo(server);
        using var client = server.Connect();
        await client.HandshakeAsync("stuck-runtime", 41);
        // Listed by name once the connection actor has taken the handshake, which also ends its handshake timer.
        var live = await Eventually.Until(
            () => server.GetJsonAsync("/api/connections"),
            c => c.GetProperty("processes").EnumerateArray().Any(p => p.GetProperty("process_name").GetString() == "stuck-runtime"));
        var connId = live.GetProperty("processes")[0].GetProperty("conn_id").GetInt64();

        Assert.False(await client.IsClosedByServerAsync(HandshakeTimeout * 3),
            $"the server closed a healthy connection for being quiet: {string.Join(" | ", logs.Entries.Select(e => e.Message))}");

        await client.SendJsonAsync(Upserts("proc:41", 0, 3));
        await Eventually.Until(() => server.CountAsync($"select count(*) from entities where conn_id = {connId}"), n => n == 3, what: "the late batch committed under the same connection");
        live = await server.GetJsonAsync("/api/connections");
        Assert.Equal([connId], live.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("conn_id").GetInt64()));
        Assert.Equal(1, await server.CountAsync("select count(*) from connections"));
    }

    [Fact]
    public async Task With_an_idle_timeout_set_a_quiet_connection_is_closed_with_a_logged_reason()
    {
        await using var server = await PeepsServer.StartAsync(settings: ["Peeps:Ingest:IdleTimeout=00:00:01"]);
        var logs = CapturedLogs.AttachTo(server);
        using var client = server.Connect();
        await client.HandshakeAsync("quiet-runtime", 42);
        var connId = await Eventually.Until(
            () => server.CountAsync("select coalesce(max(conn_id), 0) from connections where process_name = 'quiet-runtime'"), id => id > 0);

        Assert.True(await client.IsClosedByServerAsync(TimeSpan.FromSeconds(15)), "the quiet connection stayed open past the idle timeout");

        await logs.WaitForAsync(
            e => e.Level == LogLevel.Warning && e.Message.Contains($"conn {connId}: closing the connection: idle:"),
            "the idle close logged with its reason");
        await Eventually.Until(() => server.CountAsync($"select count(*) from connections where conn_id = {connId} and disconnected_at_ns is not null"), n => n == 1);
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Peeps.Reliability.Tests.Support;
using Peeps.Simulator;
using Xunit.Abstractions;
using static Peeps.Testing.SampleBatches;

namespace Peeps.Reliability.Tests;

/// <summary>
/// Misbehaving clients, each beside simulated runtimes that must keep committing: every fault ends or
/// bounds only the faulty connection. Bad frames, a truncated final frame and a single silent connection are
/// covered in Peeps.EndToEnd.Tests (BadInputIsolationTests); these are the faults that need numbers or time.
/// </summary>
public sealed class ClientFaultTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan FrameReadTimeout = TimeSpan.FromSeconds(2);

    private PeepsServer _server = null!;
    private Simulation _neighbours = null!;

    public async Task InitializeAsync()
    {
        _server = await PeepsServer.StartAsync(settings:
        [
            "Peeps:Ingest:HandshakeTimeout=00:00:01",
            $"Peeps:Ingest:FrameReadTimeout={FrameReadTimeout}",
            "Peeps:Ingest:IdleTimeout=00:10:00",
        ]);
        _neighbours = Simulation.Start(new SimulatorSettings { Port = _server.Ingest.Port, ProcessCount = 2, ChangesPerSecond = 300, NamePrefix = "neighbour" });
        await _neighbours.WaitForAllConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async Task DisposeAsync()
    {
        await _neighbours.DisposeAsync();
        await _server.DisposeAsync();
    }

    private Task<long> NeighbourChangesCommitted() =>
        _server.CountAsync("SELECT coalesce(sum(b.change_count), 0) FROM delta_batches b JOIN connections c USING (conn_id) WHERE c.process_name LIKE 'neighbour-%'");

    /// <summary>Waits until the neighbours have committed more than they had at <paramref name="before"/>.</summary>
    private Task NeighboursKeepCommitting(long before) =>
        Eventually.Until(NeighbourChangesCommitted, n => n > before, TimeSpan.FromSeconds(10), "the neighbours keep committing");

    private async Task<int> LiveCount() => (await _server.GetJsonAsync("/api/connections")).GetProperty("connected_processes").GetInt32();

    [Fact]
    public async Task Clients_that_vanish_mid_frame_are_released_and_their_whole_batches_kept()
    {
        const int Vanishers = 50;
        var before = await NeighbourChangesCommitted();
        for (var i = 0; i < Vanishers; i++)
        {
            var client = _server.Connect();
            await client.HandshakeAsync($"vanisher-{i}", (uint)(20_000 + i));
            await client.SendJsonAsync(Upserts($"proc:{20_000 + i}", 0, 3));
            var next = Peeps.Wire.Framing.FrameCodec.Encode(System.Text.Encoding.UTF8.GetBytes(Upserts($"proc:{20_000 + i}", 3, 3)));
            await client.SendRawAsync(next[..(next.Length / 2)]);
            // Linger 0: the socket is reset, as when a process is killed or a cable pulled, no FIN.
            client.Socket.LingerState = new LingerOption(true, 0);
            client.Dispose();
        }

        await Eventually.Until(() => _server.CountAsync("SELECT count(*) FROM connections WHERE process_name LIKE 'vanisher-%' AND disconnected_at_ns IS NOT NULL"),
            n => n == Vanishers, TimeSpan.FromSeconds(20), "every vanished connection closed");
        Assert.Equal(2, await LiveCount());
        Assert.Equal(Vanishers * 3, await _server.CountAsync("SELECT count(*) FROM entities WHERE stream_id LIKE 'proc:2____'"));
        Assert.Equal(Vanishers, await _server.CountAsync("SELECT count(*) FROM delta_batches WHERE stream_id LIKE 'proc:2____'"));
        await NeighboursKeepCommitting(before);
    }

    [Fact]
    public async Task A_hundred_connections_that_never_handshake_are_all_closed_at_the_handshake_timeout()
    {
        var before = await NeighbourChangesCommitted();
        var silent = Enumerable.Range(0, 100).Select(_ => _server.Connect()).ToList();
        try
        {
            var clock = Stopwatch.StartNew();
            var closed = await Task.WhenAll(silent.Select(c => c.IsClosedByServerAsync(TimeSpan.FromSeconds(15))));
            output.WriteLine($"100 silent connections closed by the server after {clock.Elapsed.TotalSeconds:F1} s (handshake timeout 1 s)");
            Assert.All(closed, Assert.True);
        }
        finally
        {
            foreach (var client in silent) client.Dispose();
        }
        await Eventually.Until(LiveCount, n => n == 2, TimeSpan.FromSeconds(10), "only the neighbours left");
        await NeighboursKeepCommitting(before);
    }

    [Fact]
    public async Task A_second_handshake_renames_the_connection_which_keeps_its_id_and_carries_on()
    {
        using var client = _server.Connect();
        await client.HandshakeAsync("first-name", 31);
        await client.SendJsonAsync(Upserts("proc:31", 0, 2));
        var connId = await Eventually.Until(() => _server.CountAsync("SELECT coalesce(max(conn_id), 0) FROM connections WHERE process_name = 'first-name'"), id => id > 0);

        await client.HandshakeAsync("second-name", 32);
        await client.SendJsonAsync(Upserts("proc:31", 2, 2));

        await Eventually.Until(() => _server.CountAsync("SELECT count(*) FROM entities WHERE stream_id = 'proc:31'"), n => n == 4);
        Assert.Equal(connId, await _server.CountAsync("SELECT conn_id FROM connections WHERE process_name = 'second-name' AND pid = 32"));
        var live = (await _server.GetJsonAsync("/api/connections")).GetProperty("processes").EnumerateArray()
            .Single(p => p.GetProperty("conn_id").GetInt64() == connId);
        Assert.Equal("second-name", live.GetProperty("process_name").GetString());
        Assert.False(await client.IsClosedByServerAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task A_frame_trickled_one_byte_a_second_is_cut_off_at_the_frame_read_timeout_with_its_reason_and_nothing_of_it_stored()
    {
        var logs = CapturedLogs.AttachTo(_server);
        var before = await NeighbourChangesCommitted();
        using var client = _server.Connect();
        await client.HandshakeAsync("slowloris", 41);
        var connId = await Eventually.Until(() => _server.CountAsync("SELECT coalesce(max(conn_id), 0) FROM connections WHERE process_name = 'slowloris'"), id => id > 0);
        var frame = Peeps.Wire.Framing.FrameCodec.Encode(System.Text.Encoding.UTF8.GetBytes(Upserts("proc:41", 0, 5)));

        // Each byte resets the 10-minute idle timeout, and at this pace the frame would take over ten minutes:
        // only the frame read timeout (2 s) can end the connection within the wait below.
        using var stop = new CancellationTokenSource();
        var sent = 0;
        var clock = Stopwatch.StartNew();
        var trickle = Task.Run(async () =>
        {
            try
            {
                for (; sent < frame.Length; sent++)
                {
                    await client.SendRawAsync(frame[sent..(sent + 1)]);
                    await Task.Delay(TimeSpan.FromSeconds(1), stop.Token);
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException)
            {
                // The server reset the connection under our writes, or the test is done.
            }
        });
        var closed = await client.IsClosedByServerAsync(FrameReadTimeout + TimeSpan.FromSeconds(8));
        var closedAfter = clock.Elapsed;
        await stop.CancelAsync();
        await trickle;
        output.WriteLine($"slowloris sent {sent} bytes of a {frame.Length}-byte frame; closed by the server: {closed}, after {closedAfter.TotalSeconds:F1} s");

        Assert.True(closed, $"the trickling connection was still open {closedAfter.TotalSeconds:F1} s after its first byte");
        Assert.True(closedAfter >= FrameReadTimeout, $"closed after {closedAfter.TotalSeconds:F1} s, before the frame read timeout: not by it");
        await logs.WaitForAsync($"conn {connId}: closing the connection: slow frame");
        await Eventually.Until(() => _server.CountAsync("SELECT count(*) FROM connections WHERE process_name = 'slowloris' AND disconnected_at_ns IS NOT NULL"), n => n == 1);
        Assert.Equal(0, await _server.CountAsync("SELECT count(*) FROM delta_batches WHERE stream_id = 'proc:41'"));
        Assert.Equal(0, await _server.CountAsync("SELECT count(*) FROM entities WHERE stream_id = 'proc:41'"));
        await NeighboursKeepCommitting(before);
    }

    [Fact]
    public async Task Complete_frames_spaced_wider_than_the_frame_read_timeout_are_not_cut_off()
    {
        using var client = _server.Connect();
        await client.HandshakeAsync("patient", 51);
        for (var i = 0; i < 2; i++)
        {
            await Task.Delay(FrameReadTimeout + TimeSpan.FromSeconds(1));
            await client.SendJsonAsync(Upserts("proc:51", (ulong)(i * 2), 2));
        }

        await Eventually.Until(() => _server.CountAsync("SELECT count(*) FROM entities WHERE stream_id = 'proc:51'"), n => n == 4);
        Assert.False(await client.IsClosedByServerAsync(TimeSpan.FromMilliseconds(300)));
    }

    [Fact]
    public async Task A_client_that_stops_reading_becomes_unreachable_without_holding_up_cuts_snapshots_or_ingest()
    {
        using var stuck = NonReadingClient.Connect(_server.Ingest, "not-reading", 61);
        await Eventually.Until(LiveCount, n => n == 3, what: "the non-reader registered");
        var before = await NeighbourChangesCommitted();

        // Each cut writes a cut_request to every connection; the non-reader's socket, then its bounded queue, fill up.
        // Rounds stay well below the 32-slot queue, so that the queue is refused only once the socket has stopped
        // taking what the non-reader is sent, not by a burst arriving faster than a reader's queue drains.
        const int CutsPerRound = 16;
        var issued = 0;
        JsonElement status = default;
        var clock = Stopwatch.StartNew();
        while (issued < 20_000)
        {
            var cutIds = await Task.WhenAll(Enumerable.Range(0, CutsPerRound).Select(async _ =>
            {
                using var response = await _server.Http.PostAsync("/api/cuts", null);
                response.EnsureSuccessStatusCode();
                return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cut_id").GetString();
            }));
            issued += cutIds.Length;
            status = await _server.GetJsonAsync($"/api/cuts/{cutIds[^1]}");
            if (StateOf(status, "not-reading") == "unreachable") break;
        }
        output.WriteLine($"the non-reader became unreachable after {issued} cuts ({clock.Elapsed.TotalSeconds:F1} s)");
        Assert.Equal("unreachable", StateOf(status, "not-reading"));

        // A cut on its own must reach the neighbours. The non-reader either refuses it (queue still full) or holds it
        // pending like any silent client: never blocks.
        using var single = await _server.Http.PostAsync("/api/cuts", null);
        var singleId = (await single.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cut_id").GetString();
        var settled = await Eventually.Until(() => _server.GetJsonAsync($"/api/cuts/{singleId}"),
            s => s.GetProperty("connections").EnumerateArray().Count(c => c.GetProperty("state").GetString() == "committed") == 2,
            TimeSpan.FromSeconds(15), "the neighbours' part of the cut committed");
        Assert.Contains(StateOf(settled, "not-reading"), new[] { "unreachable", "awaiting_ack" });

        var snapshotClock = Stopwatch.StartNew();
        using var snapshot = await _server.Http.PostAsJsonAsync("/api/snapshot", new { timeout_ms = 1000 });
        snapshot.EnsureSuccessStatusCode();
        var body = await snapshot.Content.ReadFromJsonAsync<JsonElement>();
        output.WriteLine($"snapshot answered in {snapshotClock.Elapsed.TotalMilliseconds:F0} ms with the non-reader stuck");
        Assert.Equal(["neighbour-0", "neighbour-1"], body.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("process_name").GetString()).Order());
        Assert.Contains("not-reading", body.GetProperty("timed_out_processes").EnumerateArray().Select(p => p.GetProperty("process_name").GetString()));
        await NeighboursKeepCommitting(before);

        // What the server holds for the non-reader in its own memory is what the client receives once it reads again,
        // less what was in the kernel's buffers (the server socket's send queue and the client's receive queue) at
        // the moment the reading starts. Nothing is sent its way in between: its queue is full and no request is made.
        var inKernel = KernelSocketQueues.QueuedBytes(_server.Ingest.Port, stuck.LocalPort);
        var (delivered, deliveredBytes, largestFrame) = stuck.Drain(TimeSpan.FromSeconds(2));
        var heldByServer = deliveredBytes - inKernel;
        const int OutboundQueueMessages = 32;
        output.WriteLine($"once it read again, the non-reader received {delivered} of the {issued + 2} requests sent its way: " +
            $"{deliveredBytes} bytes, {inKernel} of them from kernel buffers, {heldByServer} held by the server (frames up to {largestFrame} bytes)");
        Assert.True(delivered < issued + 2, $"every request was buffered for the non-reader ({delivered} of {issued + 2})");
        // The bounded queue, plus the message in each of the outbound stages (encode, TCP write) between it and the socket.
        Assert.InRange(heldByServer, 0, (OutboundQueueMessages + 4) * largestFrame);
    }

    private static string? StateOf(JsonElement cut, string processName) =>
        cut.GetProperty("connections").EnumerateArray()
            .Where(c => c.GetProperty("process_name").GetString() == processName)
            .Select(c => c.GetProperty("state").GetString())
            .SingleOrDefault();
}

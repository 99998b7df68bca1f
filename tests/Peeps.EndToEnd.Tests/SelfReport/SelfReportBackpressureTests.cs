using System.Net.Http.Json;
using System.Text.Json;
using static Peeps.Testing.SampleBatches;

namespace Peeps.EndToEnd.Tests.SelfReport;

/// <summary>
/// A slowed writer, seen through the self report the way a user sees a stuck runtime: <c>needs</c> edges from the
/// waiting stages to the ones they wait on, the <c>blockers</c> pack listing them, and a full connection buffer.
/// </summary>
public sealed class SelfReportBackpressureTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);

    private const int ConnectionBuffer = 6;
    private const int ChangesPerBatch = 50;

    private static async Task<long> ConnIdOfAsync(PeepsServer server, string processName) =>
        await Eventually.Until(
            () => server.CountAsync($"select coalesce(max(conn_id), -1) from connections where process_name = '{processName}' and disconnected_at_ns is null"),
            id => id > 0,
            Generous,
            $"{processName} connected");

    private static async Task<HashSet<(string Src, string Dst)>> NeedsEdgesAsync(PeepsServer server, long selfConnId)
    {
        var rows = await server.SqlAsync($"""select src_id, dst_id from edges where conn_id = {selfConnId} and kind_json = '"needs"'""");
        return [.. rows.Rows.Select(r => (r[0].GetString()!, r[1].GetString()!))];
    }

    private static async Task<HashSet<(string Waiter, string BlockedOn)>> BlockersAsync(PeepsServer server)
    {
        using var response = await server.Http.PostAsJsonAsync("/api/query", new { name = "blockers", limit = 1000 });
        response.EnsureSuccessStatusCode();
        var rows = SqlRows.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["waiter_id", "waiter_name", "blocked_on_id", "blocked_on_name", "kind_json"], rows.Columns);
        return [.. rows.Rows.Select(r => (r[1].GetString()!, r[3].GetString()!))];
    }

    private static async Task<(long Occupancy, long Capacity)?> BufferOfAsync(PeepsServer server, long selfConnId, string stage)
    {
        var rows = await server.SqlAsync($"""
            select json_extract(entity_json, '$.body.channel_rx.details.mpsc.buffer.occupancy'),
                   json_extract(entity_json, '$.body.channel_rx.details.mpsc.buffer.capacity')
            from entities where conn_id = {selfConnId} and entity_id = '{stage}'
            """);
        return rows.Rows.Count == 1 ? (rows.Rows[0][0].GetInt64(), rows.Rows[0][1].GetInt64()) : null;
    }

    /// <summary>Sends batches back to back until told to stop; a full pipeline blocks it in TCP, as a runtime would be.</summary>
    private static Task FloodAsync(RuntimeClient client, CancellationToken stop) => Task.Run(async () =>
    {
        for (ulong from = 0; !stop.IsCancellationRequested; from += ChangesPerBatch)
            await client.SendJsonAsync(Upserts("proc:9", from, ChangesPerBatch));
    }, CancellationToken.None);

    [Fact]
    public async Task A_slowed_writer_shows_as_needs_edges_to_the_store_and_a_full_connection_buffer_until_it_recovers()
    {
        await using var server = await PeepsServer.StartAsync(null,
            "Peeps:SelfReport:Enabled=true",
            "Peeps:SelfReport:Interval=00:00:00.2",
            // A small group fills at once while the writer is held, so the wait reaches back to the connections.
            "Peeps:Ingest:MaxGroupWeight=1000",
            $"Peeps:Ingest:ConnectionBufferMessages={ConnectionBuffer}");
        var selfConnId = await ConnIdOfAsync(server, "peeps-web");
        using var flooder = server.Connect();
        await flooder.HandshakeAsync("flooder", 9);
        var flooderConnId = await ConnIdOfAsync(server, "flooder");
        var close = $"conn-{flooderConnId}-close";
        var buffer = $"conn-{flooderConnId}-buffer";

        var pulse = WriterPulse.Start(server.DbPath, hold: TimeSpan.FromMilliseconds(800), release: TimeSpan.FromMilliseconds(100));
        using var stopFlooding = new CancellationTokenSource();
        var flooding = FloodAsync(flooder, stopFlooding.Token);
        try
        {
            var needs = await Eventually.Until(
                () => NeedsEdgesAsync(server, selfConnId),
                e => e.Contains((close, "store-merge")) && e.Contains(("store-group", "store-writer")),
                Generous,
                "needs edges from the flooder's close stage to the merge and from the group to the writer");
            var links = await server.SqlAsync($"""select src_id, dst_id from edges where conn_id = {selfConnId} and kind_json = '"channel_link"'""");
            Assert.Subset(links.Rows.Select(r => (r[0].GetString()!, r[1].GetString()!)).ToHashSet(), needs);

            var blockers = await Eventually.Until(
                () => BlockersAsync(server),
                b => b.Contains((close, "store-merge")) && b.Contains(("store-group", "store-writer")),
                Generous,
                "the blockers pack lists the waiting stages");
            Assert.Contains((close, "store-merge"), blockers);

            var full = await Eventually.Until(
                () => BufferOfAsync(server, selfConnId, buffer),
                b => b is { } fill && fill.Occupancy == fill.Capacity,
                Generous,
                "the flooder's connection buffer reported full");
            Assert.Equal((ConnectionBuffer, ConnectionBuffer), full);
            Assert.True(pulse.Pulses > 0, "the writer was never held");
        }
        finally
        {
            await pulse.StopAsync();
            await stopFlooding.CancelAsync();
        }
        await flooding.WaitAsync(Generous);

        await Eventually.Until(
            () => NeedsEdgesAsync(server, selfConnId),
            e => e.Count == 0,
            Generous,
            "every needs edge of the pipeline removed once the writer recovered");
        Assert.Empty(await BlockersAsync(server));
        await Eventually.Until(
            () => BufferOfAsync(server, selfConnId, buffer),
            b => b == (0, ConnectionBuffer),
            Generous,
            "the flooder's connection buffer reported empty");
    }
}

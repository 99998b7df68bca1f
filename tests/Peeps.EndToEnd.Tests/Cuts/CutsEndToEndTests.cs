using System.Net;
using System.Text.Json;
using Peeps.Simulator;
using Peeps.EndToEnd.Tests.Snapshots;
using Peeps.Wire.Messages;

namespace Peeps.EndToEnd.Tests.Cuts;

[Collection(CoordinationTimingCollection.Name)]
public sealed class CutsEndToEndTests
{
    private static Task<JsonElement> WaitCompleteAsync(PeepsServer server, string cutId) =>
        Eventually.Until(() => server.GetJsonAsync($"/api/cuts/{cutId}"), cut => cut.GetProperty("pending_connections").GetInt32() == 0, what: $"{cutId} complete");

    [Fact]
    public async Task After_a_cut_completes_sql_shows_every_simulated_process_at_its_acked_cursor()
    {
        await using var server = await PeepsServer.StartAsync();
        // No changes after the first tick, so each process's state at its acked cursor is its current state.
        await using var simulation = Simulation.Start(new SimulatorSettings { Port = server.Ingest.Port, ProcessCount = 3, ChangesPerSecond = 0, TickInterval = TimeSpan.FromMilliseconds(50) });
        await simulation.WaitForAllConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));

        var started = await server.PostJsonAsync("/api/cuts", "{}");
        Assert.Equal(3, started.GetProperty("requested_connections").GetInt32());
        var cut = await WaitCompleteAsync(server, started.GetProperty("cut_id").GetString()!);

        Assert.Equal(3, cut.GetProperty("acked_connections").GetInt32());
        Assert.True(cut.GetProperty("complete").GetBoolean());
        foreach (var runtime in simulation.Runtimes)
        {
            var member = cut.GetProperty("connections").EnumerateArray().Single(c => c.GetProperty("process_name").GetString() == runtime.Name);
            var connId = member.GetProperty("conn_id").GetInt64();
            Assert.Equal("committed", member.GetProperty("state").GetString());
            Assert.Equal(runtime.ChangesGenerated, member.GetProperty("acked_next_seq_no").GetUInt64());
            var (_, state) = runtime.Process.Capture();
            var entities = await server.SqlAsync($"select entity_id from entities where conn_id = {connId} order by entity_id");
            Assert.Equal(state.Entities.Select(e => e.Id).Order(StringComparer.Ordinal), entities.Rows.Select(r => r[0].GetString()!));
            Assert.Equal(state.Edges.Count, await server.CountAsync($"select count(*) from edges where conn_id = {connId}"));
            Assert.Equal(state.Scopes.Count, await server.CountAsync($"select count(*) from scopes where conn_id = {connId}"));
        }
        // Ack rows go through the writer too, so they may land one commit after the cut completes.
        await Eventually.Until(
            () => server.CountAsync($"select count(*) from cut_acks where cut_id = '{started.GetProperty("cut_id").GetString()}'"),
            acks => acks == 3, what: "three cut_acks rows");
    }

    [Fact]
    public async Task Cut_stays_pending_until_the_batches_up_to_the_acked_cursor_are_committed()
    {
        await using var server = await PeepsServer.StartAsync();
        using var client = server.Connect();
        await client.HandshakeAsync("worker-a", 4242);
        await client.SendJsonAsync(SampleBatches.Upserts("proc:4242", 0, 5));

        var cutId = (await server.PostJsonAsync("/api/cuts", "{}")).GetProperty("cut_id").GetString()!;
        var request = Assert.IsType<CutRequest>(await client.ReceiveAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal(cutId, request.CutId);
        // Like the Rust client: the ack reports the cursor reached, ahead of what has been sent.
        await client.SendAsync(new CutAck(cutId, new StreamCursor("proc:4242", 10)));
        var acked = await Eventually.Until(() => server.GetJsonAsync($"/api/cuts/{cutId}"), c => c.GetProperty("acked_connections").GetInt32() == 1);
        await Task.Delay(200);
        var stillPending = await server.GetJsonAsync($"/api/cuts/{cutId}");

        Assert.Equal(1, stillPending.GetProperty("pending_connections").GetInt32());
        Assert.Equal("awaiting_commit", stillPending.GetProperty("connections")[0].GetProperty("state").GetString());
        Assert.Equal(acked.GetProperty("pending_conn_ids")[0].GetInt64(), stillPending.GetProperty("connections")[0].GetProperty("conn_id").GetInt64());
        Assert.Equal(JsonValueKind.Null, stillPending.GetProperty("completed_at_ns").ValueKind);
        Assert.Equal(JsonValueKind.Null, stillPending.GetProperty("connections")[0].GetProperty("settled_at_ns").ValueKind);

        var rest = DateTimeOffset.UtcNow;
        await client.SendJsonAsync(SampleBatches.Upserts("proc:4242", 5, 5));
        var complete = await WaitCompleteAsync(server, cutId);
        Assert.Equal(10, await server.CountAsync("select count(*) from entities"));

        // The server's own clock: requested, then acked, then settled only once the rest of the batches was committed.
        var member = complete.GetProperty("connections")[0];
        var requestedAt = complete.GetProperty("requested_at_ns").GetInt64();
        var ackedAt = member.GetProperty("acked_at_ns").GetInt64();
        var settledAt = member.GetProperty("settled_at_ns").GetInt64();
        Assert.Equal(ackedAt, stillPending.GetProperty("connections")[0].GetProperty("acked_at_ns").GetInt64());
        Assert.InRange(ackedAt, requestedAt, settledAt);
        Assert.True(settledAt >= (rest - DateTimeOffset.UnixEpoch).Ticks * 100, "settled before the batches it waited for were sent");
        Assert.Equal(settledAt, complete.GetProperty("completed_at_ns").GetInt64());
    }

    [Fact]
    public async Task Connection_that_disconnects_during_a_cut_stops_being_pending()
    {
        await using var server = await PeepsServer.StartAsync();
        using var staying = server.Connect();
        var leaving = server.Connect();
        await staying.HandshakeAsync("staying", 1);
        await leaving.HandshakeAsync("leaving", 2);
        await Eventually.Until(() => server.GetJsonAsync("/api/connections"), c => c.GetProperty("connected_processes").GetInt32() == 2);

        var cutId = (await server.PostJsonAsync("/api/cuts", "{}")).GetProperty("cut_id").GetString()!;
        await staying.ReceiveAsync(TimeSpan.FromSeconds(5));
        await staying.SendAsync(new CutAck(cutId, new StreamCursor("proc:1", 0)));
        await leaving.ReceiveAsync(TimeSpan.FromSeconds(5));
        leaving.Dispose();
        var cut = await WaitCompleteAsync(server, cutId);

        Assert.Equal(1, cut.GetProperty("acked_connections").GetInt32());
        Assert.Contains(cut.GetProperty("connections").EnumerateArray(), c => c.GetProperty("state").GetString() == "disconnected");
    }

    [Fact]
    public async Task Unknown_cut_id_is_a_404_problem_with_an_error_member()
    {
        await using var server = await PeepsServer.StartAsync();
        using var response = await server.Http.GetAsync("/api/cuts/cut:12345");
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("cut:12345", body.GetProperty("error").GetString());
    }
}

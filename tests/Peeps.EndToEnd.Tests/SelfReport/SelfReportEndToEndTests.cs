using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Peeps.Web.SelfReport;
using static Peeps.Testing.SampleBatches;

namespace Peeps.EndToEnd.Tests.SelfReport;

/// <summary>The server reporting its own pipeline over its own ingest port, seen through the same API as any runtime.</summary>
public sealed class SelfReportEndToEndTests
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(20);

    // Set rather than defaulted, so the capacities the report carries can be checked against the configuration.
    private const int GroupWeight = 5000;
    private const int ConnectionBuffer = 6;
    private const int MergeBufferPerConnection = 5;

    private static Task<PeepsServer> StartWithSelfReportAsync(params string[] settings) =>
        PeepsServer.StartAsync(null,
        [
            "Peeps:SelfReport:Enabled=true",
            "Peeps:SelfReport:Interval=00:00:00.2",
            $"Peeps:Ingest:MaxGroupWeight={GroupWeight}",
            $"Peeps:Ingest:ConnectionBufferMessages={ConnectionBuffer}",
            $"Peeps:Ingest:MergeHubBufferPerConnection={MergeBufferPerConnection}",
            .. settings,
        ]);

    private static async Task<JsonElement[]> ProcessesAsync(PeepsServer server) =>
        [.. (await server.GetJsonAsync("/api/connections")).GetProperty("processes").EnumerateArray()];

    private static async Task<long> ConnIdOfAsync(PeepsServer server, string processName)
    {
        var process = await Eventually.Until(
            async () => (await ProcessesAsync(server)).FirstOrDefault(p => p.GetProperty("process_name").GetString() == processName),
            p => p.ValueKind == JsonValueKind.Object,
            Generous,
            $"{processName} listed");
        return process.GetProperty("conn_id").GetInt64();
    }

    /// <summary>The self runtime's stage entities now in SQL: name, buffer occupancy and capacity (null for futures).</summary>
    private static async Task<Dictionary<string, (long? Occupancy, long? Capacity)>> StagesAsync(PeepsServer server, long selfConnId)
    {
        var rows = await server.SqlAsync($"""
            select json_extract(entity_json, '$.name'),
                   json_extract(entity_json, '$.body.channel_rx.details.mpsc.buffer.occupancy'),
                   json_extract(entity_json, '$.body.channel_rx.details.mpsc.buffer.capacity')
            from entities where conn_id = {selfConnId}
            """);
        return rows.Rows.ToDictionary(
            r => r[0].GetString()!,
            r => (r[1].ValueKind == JsonValueKind.Null ? (long?)null : r[1].GetInt64(), r[2].ValueKind == JsonValueKind.Null ? (long?)null : r[2].GetInt64()));
    }

    private static async Task<JsonElement> TakeSnapshotAsync(PeepsServer server, string body)
    {
        using var response = await server.Http.PostAsync("/api/snapshot", new StringContent(body, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    private static JsonElement SnapshotOf(JsonElement snapshot, string processName) =>
        snapshot.GetProperty("processes").EnumerateArray().Single(p => p.GetProperty("process_name").GetString() == processName).GetProperty("snapshot");

    private static async Task<RuntimeClient> ConnectLoadedRuntimeAsync(PeepsServer server, string name, uint pid)
    {
        var client = server.Connect();
        await client.HandshakeAsync(name, pid);
        for (ulong batch = 0; batch < 5; batch++) await client.SendJsonAsync(Upserts($"proc:{pid}", batch * 50, 50));
        return client;
    }

    [Fact]
    public async Task With_the_setting_on_the_server_is_listed_as_a_connected_process_under_its_own_pid()
    {
        await using var server = await StartWithSelfReportAsync();

        var connId = await ConnIdOfAsync(server, "peeps-web");

        var self = (await ProcessesAsync(server)).Single(p => p.GetProperty("conn_id").GetInt64() == connId);
        Assert.Equal((uint)Environment.ProcessId, self.GetProperty("pid").GetUInt32());
    }

    [Fact]
    public async Task The_process_name_comes_from_configuration()
    {
        await using var server = await StartWithSelfReportAsync("Peeps:SelfReport:ProcessName=ingest-of-east");

        Assert.True(await ConnIdOfAsync(server, "ingest-of-east") > 0);
    }

    [Fact]
    public async Task Under_load_sql_shows_the_stage_entities_with_their_buffer_occupancy_and_capacity()
    {
        await using var server = await StartWithSelfReportAsync();
        var selfConnId = await ConnIdOfAsync(server, "peeps-web");
        using var runtime = await ConnectLoadedRuntimeAsync(server, "worker-a", 4242);
        var runtimeConnId = await ConnIdOfAsync(server, "worker-a");

        // The merge's capacity follows its producers (the connections and the coordinators), as /api/streams counts them.
        var (stages, producers) = await Eventually.Until(
            async () => (Stages: await StagesAsync(server, selfConnId), Producers: (await server.GetJsonAsync("/api/streams")).GetProperty("materializer").GetProperty("producers").GetInt64()),
            r => r.Stages.ContainsKey($"conn-{runtimeConnId}-buffer") && r.Stages.ContainsKey("store-group")
                && r.Stages["store-merge"].Capacity == MergeBufferPerConnection * r.Producers,
            Generous,
            "the runtime's and the store's stages reported, the merge sized for every producer");

        Assert.Equal(ConnectionBuffer, stages[$"conn-{runtimeConnId}-buffer"].Capacity);
        Assert.Equal(GroupWeight, stages["store-group"].Capacity);
        Assert.Equal(1, stages["store-writer"].Capacity);
        Assert.True(producers >= 2, $"the self runtime and worker-a both feed the merge (producers: {producers})");
        // A group's weight may pass its capacity (one batch can outweigh it); every other buffer holds at most its capacity.
        Assert.All(stages.Where(s => s.Value.Capacity is not null && s.Key != "store-group"),
            s => Assert.InRange(s.Value.Occupancy!.Value, 0, s.Value.Capacity!.Value));
        Assert.Equal((null, null), stages[$"conn-{runtimeConnId}-decode"]);
        Assert.Contains($"conn-{selfConnId}-buffer", stages.Keys);
        var links = await server.CountAsync($"""
            select count(*) from edges where conn_id = {selfConnId} and kind_json = '"channel_link"'
              and src_id = 'conn-{runtimeConnId}-close' and dst_id = 'store-merge'
            """);
        Assert.Equal(1, links);
        var members = await server.CountAsync($"select count(*) from entity_scope_links where conn_id = {selfConnId} and scope_id = 'conn-{runtimeConnId}'");
        Assert.Equal(7, members);
    }

    [Fact]
    public async Task The_channel_pressure_pack_returns_rows_for_the_pipeline_buffers()
    {
        await using var server = await StartWithSelfReportAsync();
        await ConnIdOfAsync(server, "peeps-web");
        using var runtime = await ConnectLoadedRuntimeAsync(server, "worker-a", 4242);
        var runtimeConnId = await ConnIdOfAsync(server, "worker-a");

        var rows = await Eventually.Until(
            async () =>
            {
                using var response = await server.Http.PostAsJsonAsync("/api/query", new { name = "channel-pressure", limit = 1000 });
                response.EnsureSuccessStatusCode();
                return SqlRows.Parse(await response.Content.ReadAsStringAsync());
            },
            r => r.Rows.Any(row => row[1].GetString() == $"conn-{runtimeConnId}-buffer"),
            Generous,
            "the runtime's buffer in channel-pressure");

        Assert.Equal(["entity_id", "name", "capacity", "occupancy", "utilization"], rows.Columns);
        var byName = rows.Rows.ToDictionary(r => r[1].GetString()!);
        foreach (var name in new[] { "store-merge", "store-group", "store-writer", $"conn-{runtimeConnId}-buffer" })
            Assert.Contains(name, byName.Keys);
        var buffer = byName[$"conn-{runtimeConnId}-buffer"];
        Assert.Equal(ConnectionBuffer, buffer[2].GetInt64());
        Assert.Equal(buffer[3].GetDouble() / ConnectionBuffer, buffer[4].GetDouble(), 6);
    }

    [Fact]
    public async Task A_snapshot_includes_the_server_process_with_its_stages_and_links()
    {
        await using var server = await StartWithSelfReportAsync();
        var selfConnId = await ConnIdOfAsync(server, "peeps-web");

        var snapshot = await TakeSnapshotAsync(server, "{}");

        var self = snapshot.GetProperty("processes").EnumerateArray().Single(p => p.GetProperty("process_name").GetString() == "peeps-web");
        Assert.Equal((uint)Environment.ProcessId, self.GetProperty("pid").GetUInt32());
        var state = SnapshotOf(snapshot, "peeps-web");
        var entities = state.GetProperty("entities").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!);
        Assert.Equal(11, entities.Count);
        Assert.Contains($"conn-{selfConnId}-buffer", entities.Keys);
        var group = entities["store-group"];
        Assert.Equal(GroupWeight, group.GetProperty("body").GetProperty("channel_rx").GetProperty("details").GetProperty("mpsc").GetProperty("buffer").GetProperty("capacity").GetInt64());
        Assert.True(self.GetProperty("ptime_now_ms").GetUInt64() >= group.GetProperty("birth").GetUInt64());
        Assert.Contains(state.GetProperty("edges").EnumerateArray(),
            e => e.GetProperty("src").GetString() == "store-merge" && e.GetProperty("dst").GetString() == "store-group" && e.GetProperty("kind").GetString() == "channel_link");
    }

    [Fact]
    public async Task A_cut_completes_with_the_server_process_acked_and_committed()
    {
        await using var server = await StartWithSelfReportAsync();
        var selfConnId = await ConnIdOfAsync(server, "peeps-web");

        using var response = await server.Http.PostAsync("/api/cuts", new StringContent("{}", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        var cutId = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("cut_id").GetString();
        await Eventually.Until(
            () => server.GetJsonAsync($"/api/cuts/{cutId}"),
            c => c.GetProperty("pending_connections").GetInt32() == 0,
            Generous,
            $"{cutId} complete");

        Assert.Equal(1, await server.CountAsync($"select count(*) from cut_acks where cut_id = '{cutId}' and conn_id = {selfConnId} and stream_id = 'proc:{Environment.ProcessId}'"));
    }

    [Fact]
    public async Task When_a_runtime_disconnects_its_stages_and_scope_are_removed_from_the_server_process()
    {
        await using var server = await StartWithSelfReportAsync();
        var selfConnId = await ConnIdOfAsync(server, "peeps-web");
        var runtime = await ConnectLoadedRuntimeAsync(server, "short-lived", 77);
        var runtimeConnId = await ConnIdOfAsync(server, "short-lived");
        await Eventually.Until(() => StagesAsync(server, selfConnId), s => s.ContainsKey($"conn-{runtimeConnId}-buffer"), Generous, "stages reported");

        runtime.Dispose();

        await Eventually.Until(
            () => server.CountAsync($"select count(*) from entities where conn_id = {selfConnId} and entity_id like 'conn-{runtimeConnId}-%'"),
            n => n == 0,
            Generous,
            "the closed connection's stages removed");
        Assert.Equal(0, await server.CountAsync($"select count(*) from scopes where conn_id = {selfConnId} and scope_id = 'conn-{runtimeConnId}'"));
        Assert.Equal(0, await server.CountAsync($"select count(*) from edges where conn_id = {selfConnId} and (src_id like 'conn-{runtimeConnId}-%' or dst_id like 'conn-{runtimeConnId}-%')"));
        Assert.True((await StagesAsync(server, selfConnId)).ContainsKey("store-group"));
    }

    [Fact]
    public async Task Past_the_entity_cap_later_connections_are_left_out_of_the_report()
    {
        // The store's 4 stages, the self runtime's own 7 and the first runtime's 7: the second runtime's do not fit.
        await using var server = await StartWithSelfReportAsync("Peeps:SelfReport:MaxEntities=18");
        var selfConnId = await ConnIdOfAsync(server, "peeps-web");
        using var first = await ConnectLoadedRuntimeAsync(server, "worker-a", 1);
        var firstConnId = await ConnIdOfAsync(server, "worker-a");
        using var second = await ConnectLoadedRuntimeAsync(server, "worker-b", 2);
        await ConnIdOfAsync(server, "worker-b");

        // A snapshot request makes the self runtime sample the graph again, now with both runtimes in it.
        var snapshot = await TakeSnapshotAsync(server, """{"timeout_ms":1000}""");

        var names = SnapshotOf(snapshot, "peeps-web").GetProperty("entities").EnumerateArray().Select(e => e.GetProperty("name").GetString()!).ToArray();
        Assert.Equal(18, names.Length);
        Assert.All(names, name => Assert.True(
            name.StartsWith("store-") || name == "coordinator-writes" || name.StartsWith($"conn-{selfConnId}-") || name.StartsWith($"conn-{firstConnId}-"), name));
        Assert.InRange(await server.CountAsync($"select count(*) from entities where conn_id = {selfConnId}"), 1, 18);
    }

    [Fact]
    public async Task With_the_setting_off_nothing_but_real_runtimes_connects()
    {
        await using var server = await PeepsServer.StartAsync();
        using var runtime = server.Connect();
        await runtime.HandshakeAsync("only-one", 1);
        await ConnIdOfAsync(server, "only-one");

        await Task.Delay(TimeSpan.FromSeconds(1));

        Assert.False(server.Services.GetRequiredService<SelfRuntime>().IsRunning);
        Assert.Equal(["only-one"], (await ProcessesAsync(server)).Select(p => p.GetProperty("process_name").GetString()));
        Assert.Equal(1, await server.CountAsync("select count(*) from connections"));
    }

    [Theory]
    [InlineData("Peeps:SelfReport:MaxEntities=8", "Peeps:SelfReport:MaxEntities must be between 16 and 10000 (got 8)")]
    [InlineData("Peeps:SelfReport:Interval=00:00:00.01", "Peeps:SelfReport:Interval must be between")]
    [InlineData("Peeps:SelfReport:BackpressuredFraction=0", "Peeps:SelfReport:BackpressuredFraction must be between")]
    public async Task An_out_of_range_self_report_setting_stops_the_server_naming_it(string setting, string message)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => PeepsServer.StartAsync(settings: [setting]));

        Assert.Contains(message, failure.Message);
    }
}

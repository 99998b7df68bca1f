using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Peeps.Simulator;
using Peeps.Wire.Framing;
using static Peeps.Testing.SampleBatches;

namespace Peeps.EndToEnd.Tests.Streams;

/// <summary><c>GET /api/streams</c> against the real server under real load.</summary>
public sealed class StreamsEndpointTests : IAsyncLifetime
{
    private PeepsServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await PeepsServer.StartAsync(settings: ["Peeps:Inspection:SampleInterval=00:00:00.200", "Peeps:Ingest:MaxGroupWeight=1000"]);

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    private Task<JsonElement> GraphAsync() => _server.GetJsonAsync("/api/streams");

    private async Task<long> ConnIdOfAsync(string processName)
    {
        var graph = await Eventually.Until(GraphAsync,
            g => g.GetProperty("connections").EnumerateArray().Any(c => c.GetProperty("process_name").GetString() == processName),
            what: $"{processName} in /api/streams");
        return graph.Connection(processName).GetProperty("conn_id").GetInt64();
    }

    /// <summary>Every stage of one connection's flow with the default settings (no idle timeout), by the suffix of its name, with its kind.</summary>
    private static readonly (string Suffix, string Kind)[] ConnectionStages =
    [
        ("frame-read", "frame_read_timeout"), ("framing", "framing"), ("decode", "decode"),
        ("buffer", "buffer"), ("route", "route"), ("close", "emit_on_termination"), ("outbound", "outbound"),
    ];

    /// <summary>The shared write path's stages with their kinds.</summary>
    private static readonly (string Name, string Kind)[] StoreStages =
        [("coordinator-writes", "channel_source"), ("store-merge", "merge_hub"), ("store-group", "batch_weighted"), ("store-writer", "sqlite_writer")];

    [Fact]
    public async Task Names_exactly_the_stages_of_a_connection_and_of_the_write_path_each_with_its_kind_and_how_they_connect()
    {
        using var client = _server.Connect();
        await client.HandshakeAsync("graph-a", 1);
        var id = await ConnIdOfAsync("graph-a");

        var graph = await GraphAsync();

        var kinds = graph.GetProperty("stages").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("kind").GetString());
        var expected = ConnectionStages.Select(s => ($"conn-{id}-{s.Suffix}", s.Kind)).Concat(StoreStages)
            .ToDictionary(s => s.Item1, s => (string?)s.Item2);
        Assert.Equal(expected.OrderBy(e => e.Key, StringComparer.Ordinal), kinds.OrderBy(k => k.Key, StringComparer.Ordinal));
        (string From, string To)[] edges =
            [
                ($"conn-{id}-frame-read", $"conn-{id}-framing"),
                ($"conn-{id}-framing", $"conn-{id}-decode"), ($"conn-{id}-decode", $"conn-{id}-buffer"),
                ($"conn-{id}-buffer", $"conn-{id}-route"), ($"conn-{id}-route", $"conn-{id}-close"),
                ($"conn-{id}-close", "store-merge"), ("coordinator-writes", "store-merge"), ("store-merge", "store-group"), ("store-group", "store-writer"),
            ];
        Assert.Equal(edges.OrderBy(EdgeKey, StringComparer.Ordinal), graph.Edges().OrderBy(EdgeKey, StringComparer.Ordinal));
        var buffer = graph.Stage($"conn-{id}-buffer");
        Assert.Equal(4, buffer.GetProperty("capacity").GetInt64());
        Assert.Equal("messages", buffer.GetProperty("fill_unit").GetString());
    }

    private static IEnumerable<JsonElement> BufferedStages(JsonElement graph) =>
        graph.GetProperty("stages").EnumerateArray().Where(s => s.GetProperty("capacity").ValueKind != JsonValueKind.Null);

    private static string EdgeKey((string From, string To) edge) => $"{edge.From} -> {edge.To}";

    [Fact]
    public async Task With_an_idle_timeout_set_each_connection_lists_its_idle_stage_ahead_of_the_frame_read()
    {
        await using var server = await PeepsServer.StartAsync(settings: ["Peeps:Ingest:IdleTimeout=00:10:00"]);
        using var client = server.Connect();
        await client.HandshakeAsync("idle-watched", 1);

        var graph = await Eventually.Until(() => server.GetJsonAsync("/api/streams"),
            g => g.GetProperty("connections").GetArrayLength() == 1, what: "idle-watched in /api/streams");

        var id = graph.Connection("idle-watched").GetProperty("conn_id").GetInt64();
        Assert.Equal("idle_timeout", graph.Stage($"conn-{id}-idle").GetProperty("kind").GetString());
        Assert.Contains(($"conn-{id}-idle", $"conn-{id}-frame-read"), graph.Edges());
    }

    [Fact]
    public async Task The_merge_capacity_is_the_per_connection_buffer_times_its_producers_the_coordinators_included()
    {
        const int perConnection = 7;
        await using var server = await PeepsServer.StartAsync(settings: [$"Peeps:Ingest:MergeHubBufferPerConnection={perConnection}"]);
        using var first = server.Connect();
        await first.HandshakeAsync("merge-a", 1);
        using var second = server.Connect();
        await second.HandshakeAsync("merge-b", 2);

        var graph = await Eventually.Until(() => server.GetJsonAsync("/api/streams"),
            g => g.GetProperty("connections").GetArrayLength() == 2 && g.GetProperty("materializer").Number("producers") == 3,
            what: "two connections and the coordinators feeding the merge");

        var materializer = graph.GetProperty("materializer");
        Assert.Equal(perConnection * 3, materializer.Number("merge_capacity"));
        Assert.Equal(perConnection * 3, graph.Stage("store-merge").Number("capacity"));
    }

    [Fact]
    public async Task A_closed_connection_leaves_the_graph()
    {
        long id;
        using (var client = _server.Connect())
        {
            await client.HandshakeAsync("graph-gone", 2);
            id = await ConnIdOfAsync("graph-gone");
        }

        await Eventually.Until(GraphAsync, g => !g.StageNames().Any(n => n.StartsWith($"conn-{id}-")), what: "the connection's stages removed");
    }

    [Fact]
    public async Task Rates_counts_and_cursors_move_with_load_and_the_lag_closes()
    {
        var sim = Simulation.Start(new SimulatorSettings
        {
            Port = _server.Ingest.Port,
            ProcessCount = 3,
            ChangesPerSecond = 2000,
            NamePrefix = "loaded",
            Seed = 3,
        });
        try
        {
            await sim.WaitForAllConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));
            var id = await ConnIdOfAsync("loaded-0");

            var busy = await Eventually.Until(GraphAsync, g =>
                g.Stage($"conn-{id}-framing").Number("out_per_second") > 0
                && g.Stage("store-writer").Number("out_per_second") > 0
                && g.GetProperty("materializer").Number("changes_per_second") > 0
                && g.GetProperty("materializer").Number("commits_per_second") > 0
                && g.Connection("loaded-0").Number("read_bytes_per_second") > 0
                && g.Connection("loaded-0").Number("changes_per_second") > 0,
                TimeSpan.FromSeconds(15), "rates under load");
            // A group builds in store-group whenever commands arrive while the writer commits, so under load some
            // buffer of the write path or of a connection holds something at the moment it is looked at.
            await Eventually.Until(GraphAsync, g => BufferedStages(g).Any(s => s.Number("fill") > 0),
                TimeSpan.FromSeconds(30), "a buffer fill above zero under load");

            var connection = busy.Connection("loaded-0");
            Assert.True(connection.Number("bytes_read") > 0);
            Assert.True(connection.Number("frames") > 0);
            Assert.True(connection.Number("batches") > 0);
            Assert.True(connection.Number("changes") > 0);
            var stream = Assert.Single(connection.GetProperty("streams").EnumerateArray());
            Assert.Equal(sim.Runtimes[0].StreamId, stream.GetProperty("stream_id").GetString());
            var materializer = busy.GetProperty("materializer");
            Assert.True(materializer.Number("commits") > 0);
            Assert.True(materializer.GetProperty("commit_window").Number("latency_p50_ms") > 0);
            Assert.True(materializer.GetProperty("commit_window").Number("latency_p99_ms") >= materializer.GetProperty("commit_window").Number("latency_p50_ms"));
            Assert.True(materializer.GetProperty("commit_window").Number("mean_group_commands") >= 1);

            await sim.StopAsync();
            var idle = await Eventually.Until(GraphAsync, g =>
                g.GetProperty("materializer").Number("queue_depth") == 0
                && g.Stage("store-writer").Number("out_per_second") == 0,
                TimeSpan.FromSeconds(15), "rates fall back once the load stops");
            Assert.True(idle.GetProperty("materializer").Number("commits") >= materializer.Number("commits"));
            Assert.All(BufferedStages(idle), s => Assert.Equal(0, s.Number("fill")));
            Assert.Equal(0, idle.GetProperty("materializer").Number("commits_per_second"));
        }
        finally
        {
            await sim.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_stalled_writer_shows_as_backpressure_upstream_a_full_buffer_queue_depth_and_cursor_lag()
    {
        using var client = _server.Connect();
        await client.HandshakeAsync("stalled", 9);
        var id = await ConnIdOfAsync("stalled");
        await Eventually.Until(() => _server.CountAsync("select count(*) from connections where process_name = 'stalled'"), n => n == 1);

        await using var blocker = new SqliteConnection($"Data Source={_server.DbPath}");
        await blocker.OpenAsync();
        await using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }

        const int batches = 200;
        const int changesPerBatch = 50;
        using var stop = new CancellationTokenSource();
        var sender = Task.Run(async () =>
        {
            for (var i = 0; i < batches && !stop.IsCancellationRequested; i++)
                await client.SendRawAsync(FrameCodec.Encode(Encoding.UTF8.GetBytes(Upserts("proc:9", (ulong)(i * changesPerBatch), changesPerBatch))));
        });

        var stalled = await Eventually.Until(GraphAsync, g =>
            g.Stage($"conn-{id}-buffer").Number("fill") == g.Stage($"conn-{id}-buffer").Number("capacity")
            && g.Stage($"conn-{id}-close").Number("backpressured_ms") > 0
            && g.Stage("store-group").Number("backpressured_ms") > 0
            && g.GetProperty("materializer").Number("current_commit_ms") > 0,
            TimeSpan.FromSeconds(20), "backpressure visible while the writer is held");

        var materializer = stalled.GetProperty("materializer");
        Assert.True(materializer.Number("queue_depth") > 0, "commands wait in front of the writer");
        Assert.True(materializer.Number("group_fill_weight") > 0, "a group builds up while the writer is busy");
        Assert.True(stalled.Stage($"conn-{id}-route").Number("backpressured_ms") > 0);
        var stream = Assert.Single(stalled.Connection("stalled").GetProperty("streams").EnumerateArray());
        Assert.True(stream.Number("lag") > 0, "received but not committed");
        Assert.Equal(stream.Number("received_next_seq_no") - stream.Number("committed_next_seq_no"), stream.Number("lag"));

        await using (var commit = blocker.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            await commit.ExecuteNonQueryAsync();
        }
        await sender.WaitAsync(TimeSpan.FromSeconds(60));

        var drained = await Eventually.Until(GraphAsync, g =>
            g.GetProperty("materializer").Number("queue_depth") == 0
            && g.Connection("stalled").GetProperty("streams")[0].Number("lag") == 0
            && g.Connection("stalled").GetProperty("streams")[0].Number("committed_next_seq_no") == batches * changesPerBatch,
            TimeSpan.FromSeconds(60), "the queue drains and the cursors meet");
        Assert.Null(drained.GetProperty("materializer").GetProperty("current_commit_ms").GetString());
    }
}

using System.Text;
using Microsoft.Data.Sqlite;
using Peeps.Simulator;
using Peeps.Testing;
using Peeps.Wire.Framing;
using static Peeps.Testing.SampleBatches;

namespace Peeps.Web.Tests.Streams;

/// <summary><c>GET /api/streams</c> against the real server under real load.</summary>
public sealed class StreamsEndpointTests : IAsyncLifetime
{
    private PeepsServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await PeepsServer.StartAsync(settings: ["Peeps:Inspection:SampleInterval=00:00:00.200", "Peeps:Ingest:MaxGroupWeight=1000"]);

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    private Task<System.Text.Json.JsonElement> GraphAsync() => _server.GetJsonAsync("/api/streams");

    private async Task<long> ConnIdOfAsync(string processName)
    {
        var graph = await Eventually.Until(GraphAsync,
            g => g.GetProperty("connections").EnumerateArray().Any(c => c.GetProperty("process_name").GetString() == processName),
            what: $"{processName} in /api/streams");
        return graph.Connection(processName).GetProperty("conn_id").GetInt64();
    }

    [Fact]
    public async Task Names_every_stage_of_a_connection_and_of_the_write_path_and_how_they_connect()
    {
        using var client = _server.Connect();
        await client.HandshakeAsync("graph-a", 1);
        var id = await ConnIdOfAsync("graph-a");

        var graph = await GraphAsync();

        string[] connectionStages = ["idle", "frame-read", "framing", "decode", "buffer", "route", "close", "outbound"];
        var names = graph.StageNames();
        foreach (var stage in connectionStages) Assert.Contains($"conn-{id}-{stage}", names);
        Assert.Contains("store-merge", names);
        Assert.Contains("store-group", names);
        Assert.Contains("store-writer", names);
        var edges = graph.Edges();
        Assert.Contains(($"conn-{id}-idle", $"conn-{id}-frame-read"), edges);
        Assert.Contains(($"conn-{id}-frame-read", $"conn-{id}-framing"), edges);
        Assert.Contains(($"conn-{id}-buffer", $"conn-{id}-route"), edges);
        Assert.Contains(($"conn-{id}-close", "store-merge"), edges);
        Assert.Contains(("store-merge", "store-group"), edges);
        Assert.Contains(("store-group", "store-writer"), edges);
        var buffer = graph.Stage($"conn-{id}-buffer");
        Assert.Equal(4, buffer.GetProperty("capacity").GetInt64());
        Assert.Equal("messages", buffer.GetProperty("fill_unit").GetString());
        Assert.Equal("sqlite_writer", graph.Stage("store-writer").GetProperty("kind").GetString());
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
        var sim = Simulation.Start(new SimulatorOptions
        {
            Port = _server.Ingest.Port,
            ProcessCount = 3,
            ChangesPerSecond = 400,
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
                && g.Connection("loaded-0").Number("read_bytes_per_second") > 0,
                TimeSpan.FromSeconds(15), "rates under load");

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

using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Peeps.Ingest;
using static Peeps.EndToEnd.Tests.Api.DiagnosisHttp;
using static Peeps.Testing.RpcDeadlockGraphs;

namespace Peeps.EndToEnd.Tests.Hosting;

/// <summary>
/// <c>peeps-web --read-only --db &lt;copy&gt;</c> on copies of a database with real history: two runtimes deadlocked
/// through RPC answered two snapshots over TCP, then reconnected and sent the same graph as batches. One copy comes
/// from <c>GET /api/db</c> while they were connected, the other is the file copied after the server stopped (WAL mode).
/// </summary>
public sealed class ReadOnlyModeTests(ReadOnlyModeTests.Copies copies) : IClassFixture<ReadOnlyModeTests.Copies>
{
    public sealed class Copies : IAsyncLifetime
    {
        private readonly DatabaseFolder _source = new();
        private readonly string _folder = Directory.CreateTempSubdirectory("peeps-read-only-").FullName;

        public long FirstSnapshot { get; private set; }
        public long SecondSnapshot { get; private set; }

        /// <summary>When both processes' batches had built the cycle.</summary>
        public long StuckAtNs { get; private set; }

        private string Exported => Path.Combine(_folder, "exported.sqlite");
        private string CopiedAfterStop => Path.Combine(_folder, "stopped.sqlite");

        /// <summary>A copy of its own in a folder of its own, so no test sees what another left beside its file.</summary>
        public string Fresh(string which)
        {
            var copy = Path.Combine(Directory.CreateDirectory(Path.Combine(_folder, Guid.NewGuid().ToString("N"))).FullName, "copy.sqlite");
            File.Copy(which == "exported" ? Exported : CopiedAfterStop, copy);
            return copy;
        }

        public async Task InitializeAsync()
        {
            await using var server = await PeepsServer.StartAsync(_source.DbPath);
            // A before B each time, so A has the lower conn id and comes first wherever answers sort by process.
            await using (var a = await ScriptedRuntime.StartAsync(server.Ingest, A, 4101, ProcessA))
            {
                await a.ConnIdAsync(server);
                await using var b = await ScriptedRuntime.StartAsync(server.Ingest, B, 4102, ProcessB);
                await b.ConnIdAsync(server);
                FirstSnapshot = await SnapshotAsync(server);
                await DiagnosisOfAsync(server, FirstSnapshot);
                b.Graph = ProcessBAfterInboxFilled;
                SecondSnapshot = await SnapshotAsync(server);
                await DiagnosisOfAsync(server, SecondSnapshot);
            }
            await Eventually.Until(() => server.CountAsync("select count(*) from connections where disconnected_at_ns is null"), n => n == 0);

            using var batchesA = server.Connect();
            await batchesA.HandshakeAsync(A, 4101);
            await Eventually.Until(() => server.CountAsync("select count(*) from connections where disconnected_at_ns is null"), n => n == 1);
            using var batchesB = server.Connect();
            await batchesB.HandshakeAsync(B, 4102);
            await batchesA.SendJsonAsync(GraphBatches.Building("proc:4101", 0, ProcessA));
            await batchesB.SendJsonAsync(GraphBatches.Building("proc:4102", 0, ProcessB));
            await Eventually.Until(() => server.CountAsync("select count(*) from stream_cursors where next_seq_no > 0"), n => n == 2);
            StuckAtNs = UnixTime.NowNs();

            using var export = await server.Http.GetAsync("/api/db");
            export.EnsureSuccessStatusCode();
            await File.WriteAllBytesAsync(Exported, await export.Content.ReadAsByteArrayAsync());
            await server.StopAsync();
            File.Copy(_source.DbPath, CopiedAfterStop);
        }

        public Task DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
            _source.Dispose();
            return Task.CompletedTask;
        }
    }

    /// <summary>The file's bytes and modification time, and every name in its folder.</summary>
    private static (string Hash, DateTime Modified, string Folder) Fingerprint(string path) => (
        Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path))),
        File.GetLastWriteTimeUtc(path),
        string.Join(", ", Directory.EnumerateFileSystemEntries(Path.GetDirectoryName(path)!).Select(Path.GetFileName).Order(StringComparer.Ordinal)));

    private static Task<PeepsServer> StartReadOnlyAsync(string copy, params string[] settings) =>
        PeepsServer.StartAsync(copy, ["Peeps:ReadOnly=true", "Peeps:Mcp:Enabled=true", .. settings]);

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await BodyAsync(response);
    }

    private static async Task<JsonElement> GetOkAsync(PeepsServer server, string path)
    {
        using var response = await server.Http.GetAsync(path);
        return await OkAsync(response);
    }

    private static async Task<McpClient> McpAsync(PeepsServer server) =>
        await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = new Uri(server.HttpBase, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
        }));

    private static async Task<JsonElement> CallToolAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments);
        return JsonDocument.Parse(Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text).RootElement.Clone();
    }

    [Theory]
    [InlineData("exported")]
    [InlineData("copied after stop")]
    public async Task Every_read_answers_from_the_copy_and_leaves_its_bytes_and_folder_as_they_were(string which)
    {
        var copy = copies.Fresh(which);
        var before = Fingerprint(copy);

        await using (var server = await StartReadOnlyAsync(copy))
        {
            Assert.Equal(0, (await GetOkAsync(server, "/api/connections")).GetProperty("connected_processes").GetInt32());
            var processes = (await GetOkAsync(server, "/api/processes")).GetProperty("processes").EnumerateArray().ToList();
            Assert.Equal([A, B], processes.Select(p => p.GetProperty("process_name").GetString()));
            // The runtimes answered the snapshots on one connection each, then reconnected to send batches.
            Assert.All(processes, p => Assert.Equal(1, p.GetProperty("reconnections").GetInt32()));
            Assert.Equal(2L, await server.CountAsync("select count(*) from delta_batches"));
            using (var pack = await server.Http.PostAsJsonAsync("/api/query", new { name = "blockers" }))
                Assert.Equal(JsonValueKind.Array, (await OkAsync(pack)).GetProperty("rows").ValueKind);

            var snapshots = (await GetOkAsync(server, "/api/snapshots")).GetProperty("snapshots").EnumerateArray();
            Assert.Equal([copies.SecondSnapshot, copies.FirstSnapshot], snapshots.Select(s => s.GetProperty("snapshot_id").GetInt64()));
            var stored = await GetOkAsync(server, $"/api/snapshots/{copies.FirstSnapshot}/diagnosis");
            Assert.Equal(CycleMembers, Assert.Single(stored.GetProperty("deadlocks").EnumerateArray()).GetProperty("members").EnumerateArray()
                .Select(m => (m.GetProperty("process_name").GetString()!, m.GetProperty("entity_id").GetString()!)));
            var diff = await GetOkAsync(server, $"/api/snapshots/{copies.FirstSnapshot}/diff/{copies.SecondSnapshot}");
            Assert.Equal(Inbox, Assert.Single(diff.GetProperty("wait_edges_removed").EnumerateArray()).GetProperty("to_entity_id").GetString());

            var graph = await GetOkAsync(server, $"/api/graph?at={copies.StuckAtNs}");
            Assert.Equal([A, B], graph.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("process_name").GetString()));
            var then = await GetOkAsync(server, $"/api/graph/diagnosis?at={copies.StuckAtNs}");
            Assert.Equal(CycleMembers, Assert.Single(then.GetProperty("deadlocks").EnumerateArray()).GetProperty("members").EnumerateArray()
                .Select(m => (m.GetProperty("process_name").GetString()!, m.GetProperty("entity_id").GetString()!)));
            var timeline = await GetOkAsync(server, "/api/graph/timeline");
            Assert.Equal(2, timeline.GetProperty("snapshots").GetArrayLength());

            await using (var mcp = await McpAsync(server))
                Assert.Single((await CallToolAsync(mcp, "diagnose", new() { ["snapshot_id"] = copies.FirstSnapshot })).GetProperty("deadlocks").EnumerateArray());

            Assert.True((await GetOkAsync(server, "/api/streams")).GetProperty("storage").GetProperty("database_bytes").GetInt64() > 0);
            Assert.Contains("peeps_store_file_size", await server.Http.GetStringAsync("/metrics"));
            Assert.Equal("ok", await server.Http.GetStringAsync("/health"));
            var ready = await GetOkAsync(server, "/health/ready");
            Assert.True(ready.GetProperty("ready").GetBoolean());
            using (var export = await server.Http.GetAsync("/api/db"))
                Assert.StartsWith("SQLite format 3", System.Text.Encoding.ASCII.GetString((await export.Content.ReadAsByteArrayAsync())[..15]));
        }

        Assert.Equal(before, Fingerprint(copy));
    }

    [Fact]
    public async Task Requests_that_need_live_runtimes_or_write_answer_409_naming_the_setting_and_no_ingest_port_is_open()
    {
        var copy = copies.Fresh("exported");
        var before = Fingerprint(copy);
        var listen = FreePort.Next();
        await using var server = await StartReadOnlyAsync(copy, $"Peeps:Listen=127.0.0.1:{listen}");

        using (var cut = await server.Http.PostAsync("/api/cuts", null))
            await AssertProblemAsync(cut, HttpStatusCode.Conflict, "read-only on a copy");
        using (var progress = await server.Http.GetAsync("/api/cuts/cut:1"))
            await AssertProblemAsync(progress, HttpStatusCode.Conflict, "Peeps:ReadOnly");
        using (var snapshot = await server.Http.PostAsync("/api/snapshot", Json("{}")))
            await AssertProblemAsync(snapshot, HttpStatusCode.Conflict, "Peeps:ReadOnly");
        using (var diagnose = await server.Http.PostAsync("/api/diagnose", Json("{}")))
            await AssertProblemAsync(diagnose, HttpStatusCode.Conflict, "Peeps:ReadOnly");
        await using (var mcp = await McpAsync(server))
            Assert.Contains("Peeps:ReadOnly", (await CallToolAsync(mcp, "snapshot_fresh", [])).GetProperty("error").GetString());

        using var runtime = new TcpClient();
        var refused = await Assert.ThrowsAsync<SocketException>(() => runtime.ConnectAsync(IPAddress.Loopback, listen));
        Assert.Equal(SocketError.ConnectionRefused, refused.SocketErrorCode);
        Assert.Equal(0L, await server.CountAsync("select count(*) from snapshots where snapshot_id > " + copies.SecondSnapshot));
        await server.StopAsync();
        Assert.Equal(before, Fingerprint(copy));
    }

    [Fact]
    public async Task The_start_banner_says_the_server_is_read_only_on_its_file_and_that_no_runtimes_can_connect()
    {
        var copy = copies.Fresh("copied after stop");

        await using var server = await ServerProcess.StartAsync(copy, "read-only");

        await Eventually.Until(() => Task.FromResult(server.Output), output => output.Contains("no runtimes can connect"), TimeSpan.FromSeconds(10), "the banner");
        Assert.Contains($"read-only on {copy}", server.Output);
        Assert.DoesNotContain("PEEPS_DASHBOARD=", server.Output);
    }

    [Theory]
    [InlineData(6, "once without --read-only, on a copy")]
    [InlineData(42, "newer than")]
    public async Task A_copy_at_another_schema_version_is_refused_at_start_with_what_to_do(int version, string advice)
    {
        var copy = copies.Fresh("exported");
        using (var connection = new SqliteConnection($"Data Source={copy};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = $"PRAGMA user_version = {version}";
            command.ExecuteNonQuery();
        }
        var before = Fingerprint(copy);

        var output = await ServerProcess.RefusedToStartAsync(copy, TimeSpan.FromSeconds(60), "read-only");

        Assert.Contains($"schema version {version}", output);
        Assert.Contains(advice, output);
        Assert.Equal(before, Fingerprint(copy));
    }
}

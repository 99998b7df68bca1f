using System.Net;
using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Peeps.EndToEnd.Tests.Mcp;

/// <summary>The MCP endpoint driven by the SDK's own client over real HTTP, against runtimes deadlocked through RPC.</summary>
public sealed class McpEndpointTests
{
    private const string Key = "mcp-test-key";

    private static async Task<McpClient> ConnectAsync(PeepsServer server, string? key = null)
    {
        var options = new HttpClientTransportOptions
        {
            Endpoint = new Uri(server.HttpBase, "/mcp"),
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = key is null ? null : new Dictionary<string, string> { ["Authorization"] = $"Bearer {key}" },
        };
        return await McpClient.CreateAsync(new HttpClientTransport(options));
    }

    private static async Task<JsonElement> CallAsync(McpClient client, string tool, Dictionary<string, object?>? arguments = null)
    {
        var result = await client.CallToolAsync(tool, arguments ?? []);
        var text = Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<(ScriptedRuntime A, ScriptedRuntime B)> DeadlockedAsync(PeepsServer server)
    {
        var a = await ScriptedRuntime.StartAsync(server.Ingest, "svc-a", 101, RpcDeadlock.A);
        var b = await ScriptedRuntime.StartAsync(server.Ingest, "svc-b", 102, RpcDeadlock.B);
        await Eventually.Until(() => server.GetJsonAsync("/api/connections"), c => c.GetProperty("connected_processes").GetInt32() == 2);
        return (a, b);
    }

    [Fact]
    public async Task An_agent_takes_a_snapshot_finds_the_cross_process_deadlock_and_follows_a_chain_into_it()
    {
        await using var server = await PeepsServer.StartAsync(settings: ["Peeps:Mcp:Enabled=true"]);
        var (a, b) = await DeadlockedAsync(server);
        await using var _ = a;
        await using var __ = b;
        await using var client = await ConnectAsync(server);

        var snapshot = await CallAsync(client, "snapshot_fresh", new() { ["timeout_ms"] = 3000 });
        var snapshotId = snapshot.GetProperty("snapshot_id").GetInt64();
        Assert.Equal(1, snapshot.GetProperty("summary").GetProperty("deadlocks").GetInt32());
        Assert.Equal(2, snapshot.GetProperty("processes").GetArrayLength());

        var diagnosis = await CallAsync(client, "diagnose", new() { ["snapshot_id"] = snapshotId });
        var deadlock = Assert.Single(diagnosis.GetProperty("deadlocks").EnumerateArray());
        Assert.Equal("certain", deadlock.GetProperty("confidence").GetString());
        Assert.True(deadlock.GetProperty("crosses_processes").GetBoolean());
        var connA = ConnOf(snapshot, "svc-a");
        var connB = ConnOf(snapshot, "svc-b");
        Assert.Equal(
            new[] { $"{connA}:aaaaF", $"{connA}:aaaaH", $"{connA}:aaaaL", $"{connA}:aaaaPa", $"{connA}:aaaaRab", $"{connB}:bbbbH", $"{connB}:bbbbPb", $"{connB}:bbbbRba" }.Order(),
            deadlock.GetProperty("members").EnumerateArray().Select(m => $"{m.GetProperty("conn_id").GetInt64()}:{m.GetProperty("entity_id").GetString()}").Order());

        var chain = await CallAsync(client, "wait_chain", new() { ["conn_id"] = connB, ["entity_id"] = "bbbbH", ["snapshot_id"] = snapshotId });
        Assert.Equal("deadlock", chain.GetProperty("ends_in").GetString());

        var entity = await CallAsync(client, "entity", new() { ["conn_id"] = connA, ["entity_id"] = "aaaaL" });
        Assert.Equal("held by caller", entity.GetProperty("entity").GetProperty("meta").GetProperty("note").GetString());
        Assert.Equal(2, entity.GetProperty("edges").GetArrayLength());
        Assert.Equal("lock", entity.GetProperty("node").GetProperty("kind").GetString());

        var task = await CallAsync(client, "task_state", new() { ["conn_id"] = connA, ["entity_id"] = "aaaaH" });
        Assert.Equal(["aaaaL"], task.GetProperty("waits_on").EnumerateArray().Select(w => w.GetProperty("entity").GetProperty("entity_id").GetString()));
        Assert.Equal("aaaaPa", Assert.Single(task.GetProperty("waited_on_by").EnumerateArray()).GetProperty("entity").GetProperty("entity_id").GetString());

        var notChannel = await CallAsync(client, "channel_state", new() { ["conn_id"] = connA, ["entity_id"] = "aaaaH" });
        Assert.Contains("not a channel end", notChannel.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private static long ConnOf(JsonElement snapshot, string name) =>
        snapshot.GetProperty("processes").EnumerateArray().Single(p => p.GetProperty("process_name").GetString() == name).GetProperty("conn_id").GetInt64();

    [Fact]
    public async Task Every_tool_is_listed_with_a_description_and_only_its_own_arguments_in_the_schema()
    {
        await using var server = await PeepsServer.StartAsync(settings: ["Peeps:Mcp:Enabled=true"]);
        await using var client = await ConnectAsync(server);

        var tools = await client.ListToolsAsync();

        Assert.Equal(
            ["channel_state", "connections", "diagnose", "diff", "entity", "graph_at", "processes", "query", "snapshot_fresh", "sql", "task_state", "wait_chain"],
            tools.Select(t => t.Name).Order());
        Assert.All(tools, t => Assert.False(string.IsNullOrWhiteSpace(t.Description)));
        var entity = tools.Single(t => t.Name == "entity").JsonSchema.GetProperty("properties");
        Assert.Equal(["conn_id", "entity_id", "snapshot_id"], entity.EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task Sql_and_query_tools_answer_with_the_same_bounds_and_refusals_as_the_api()
    {
        await using var server = await PeepsServer.StartAsync(settings: ["Peeps:Mcp:Enabled=true"]);
        await using var client = await ConnectAsync(server);

        var one = await CallAsync(client, "sql", new() { ["query"] = "select 1 as x" });
        Assert.Equal(1, one.GetProperty("rows")[0][0].GetInt32());
        var refused = await CallAsync(client, "sql", new() { ["query"] = "delete from connections" });
        Assert.True(refused.TryGetProperty("error", out _));
        var unknown = await CallAsync(client, "query", new() { ["name"] = "nope" });
        Assert.Contains("blockers", unknown.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_answer_over_the_size_bound_is_refused_with_a_hint_instead_of_cut()
    {
        await using var server = await PeepsServer.StartAsync(settings: ["Peeps:Mcp:Enabled=true", "Peeps:Mcp:MaxAnswerBytes=1024"]);
        var (a, b) = await DeadlockedAsync(server);
        await using var _ = a;
        await using var __ = b;
        await using var client = await ConnectAsync(server);
        var snapshot = await CallAsync(client, "snapshot_fresh", new() { ["timeout_ms"] = 3000 });

        var diagnosis = await CallAsync(client, "diagnose", new() { ["snapshot_id"] = snapshot.GetProperty("snapshot_id").GetInt64() });

        Assert.Contains("over this server's 1024-byte bound", diagnosis.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_api_key_the_endpoint_refuses_a_client_without_it_and_serves_one_with_it()
    {
        await using var server = await PeepsServer.StartAsync(settings: ["Peeps:Mcp:Enabled=true", $"Peeps:ApiKey={Key}"]);

        using var bare = await server.Http.PostAsync("/mcp", new StringContent("{}"));
        Assert.Equal(HttpStatusCode.Unauthorized, bare.StatusCode);
        await Assert.ThrowsAnyAsync<Exception>(() => ConnectAsync(server));
        await using var client = await ConnectAsync(server, Key);
        Assert.NotEmpty(await client.ListToolsAsync());
    }

    [Fact]
    public async Task The_endpoint_is_off_unless_enabled()
    {
        await using var server = await PeepsServer.StartAsync();

        using var response = await server.Http.PostAsync("/mcp", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

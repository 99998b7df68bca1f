using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Peeps.Simulator;

namespace Peeps.EndToEnd.Tests.Snapshots;

[Collection(CoordinationTimingCollection.Name)]
public sealed class SnapshotsEndToEndTests
{
    private static async Task<(HttpStatusCode Status, string Body)> PostSnapshotAsync(PeepsServer server, string body = "{}")
    {
        using var response = await server.Http.PostAsync("/api/snapshot", new StringContent(body, Encoding.UTF8, "application/json"));
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    private static JsonElement Json(string body) => JsonDocument.Parse(body).RootElement.Clone();

    private static Simulation Simulate(PeepsServer server, int processes, int silent = 0) =>
        Simulation.Start(new SimulatorSettings
        {
            Port = server.Ingest.Port,
            ProcessCount = processes,
            SilentProcesses = silent,
            ChangesPerSecond = 0,
            TickInterval = TimeSpan.FromMilliseconds(50),
        });

    [Fact]
    public async Task Snapshot_returns_every_simulated_process_state_at_once()
    {
        await using var server = await PeepsServer.StartAsync();
        await using var simulation = Simulate(server, 3);
        await simulation.WaitForAllConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.Until(() => server.GetJsonAsync("/api/connections"), c => c.GetProperty("connected_processes").GetInt32() == 3);

        var clock = Stopwatch.StartNew();
        var (status, body) = await PostSnapshotAsync(server);
        clock.Stop();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"took {clock.ElapsedMilliseconds} ms with every process answering");
        var snapshot = Json(body);
        Assert.Empty(snapshot.GetProperty("timed_out_processes").EnumerateArray());
        var processes = snapshot.GetProperty("processes").EnumerateArray().ToList();
        Assert.Equal(3, processes.Count);
        foreach (var runtime in simulation.Runtimes)
        {
            var process = processes.Single(p => p.GetProperty("process_name").GetString() == runtime.Name);
            var (ptimeAfter, state) = runtime.Process.Capture();
            Assert.Equal(runtime.Pid, process.GetProperty("pid").GetUInt32());
            Assert.InRange(process.GetProperty("ptime_now_ms").GetUInt64(), 1UL, ptimeAfter);
            Assert.Equal(
                state.Entities.Select(e => e.Id).Order(StringComparer.Ordinal),
                process.GetProperty("snapshot").GetProperty("entities").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).Order(StringComparer.Ordinal));
            Assert.Equal(state.Edges.Count, process.GetProperty("snapshot").GetProperty("edges").GetArrayLength());
        }
    }

    [Fact]
    public async Task Silent_process_is_reported_as_timed_out_after_the_default_five_seconds()
    {
        await using var server = await PeepsServer.StartAsync();
        await using var simulation = Simulate(server, 2, silent: 1);
        await simulation.WaitForAllConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.Until(() => server.GetJsonAsync("/api/connections"), c => c.GetProperty("connected_processes").GetInt32() == 2);
        var silent = simulation.Runtimes.Single(r => r.Behavior == ProcessBehavior.Silent);

        var clock = Stopwatch.StartNew();
        var (status, body) = await PostSnapshotAsync(server);
        clock.Stop();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.InRange(clock.Elapsed.TotalSeconds, 4.9, 6.5);
        var snapshot = Json(body);
        var timedOut = Assert.Single(snapshot.GetProperty("timed_out_processes").EnumerateArray());
        Assert.Equal((silent.Name, silent.Pid), (timedOut.GetProperty("process_name").GetString(), timedOut.GetProperty("pid").GetUInt32()));
        Assert.Single(snapshot.GetProperty("processes").EnumerateArray());
    }

    [Fact]
    public async Task Timeout_ms_in_the_body_shortens_the_wait_and_out_of_range_values_are_rejected()
    {
        await using var server = await PeepsServer.StartAsync(null, "Peeps:Snapshots:MaxTimeout=00:00:10");
        await using var simulation = Simulate(server, 1, silent: 1);
        await simulation.WaitForAllConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await Eventually.Until(() => server.GetJsonAsync("/api/connections"), c => c.GetProperty("connected_processes").GetInt32() == 1);

        var clock = Stopwatch.StartNew();
        var (status, body) = await PostSnapshotAsync(server, """{"timeout_ms":400}""");
        clock.Stop();
        var (tooLong, tooLongBody) = await PostSnapshotAsync(server, """{"timeout_ms":10001}""");
        var (zero, _) = await PostSnapshotAsync(server, """{"timeout_ms":0}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.InRange(clock.ElapsedMilliseconds, 350, 1500);
        Assert.Equal(400, Json(body).GetProperty("timeout_ms").GetInt64());
        Assert.Single(Json(body).GetProperty("timed_out_processes").EnumerateArray());
        Assert.Equal(HttpStatusCode.BadRequest, tooLong);
        Assert.Contains("10000", Json(tooLongBody).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, zero);
    }

    [Fact]
    public async Task Every_snapshot_is_stored_listed_newest_first_and_readable_again()
    {
        await using var server = await PeepsServer.StartAsync();
        var (_, first) = await PostSnapshotAsync(server);
        var (_, second) = await PostSnapshotAsync(server);
        var secondId = Json(second).GetProperty("snapshot_id").GetInt64();

        var list = await Eventually.Until(() => server.GetJsonAsync("/api/snapshots"), l => l.GetProperty("snapshots").GetArrayLength() == 2);
        using var stored = await server.Http.GetAsync($"/api/snapshots/{secondId}");
        using var unknown = await server.Http.GetAsync("/api/snapshots/999");

        Assert.Equal([secondId, secondId - 1], list.GetProperty("snapshots").EnumerateArray().Select(s => s.GetProperty("snapshot_id").GetInt64()));
        Assert.Equal(Json(first).GetProperty("snapshot_id").GetInt64(), secondId - 1);
        Assert.Equal(second, await stored.Content.ReadAsStringAsync());
        Assert.Equal("application/json", stored.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(2, await server.CountAsync("select count(*) from snapshots"));
    }
}

using System.Diagnostics;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Peeps.Simulator;
using Peeps.Testing;

namespace Peeps.Benchmarks;

/// <summary>
/// Cuts and snapshots against live simulated runtimes (which answer at once), through the HTTP contract:
/// cut latency runs from <c>POST /api/cuts</c> to the first poll of <c>GET /api/cuts/{id}</c> with nothing pending;
/// snapshot latency is the whole <c>POST /api/snapshot</c> round trip.
/// </summary>
public static class CoordinationScenario
{
    /// <summary>
    /// When the slowest reply reached the server, counted from the server's start of the snapshot (which comes after
    /// the client's start of the request), so the round trip minus this over-estimates the time past the slowest reply.
    /// </summary>
    private static double SlowestReplyMs(JsonElement result) =>
        result.GetProperty("processes").EnumerateArray()
            .Concat(result.GetProperty("processes_without_snapshot").EnumerateArray())
            .Select(p => p.GetProperty("replied_after_ms").GetDouble())
            .DefaultIfEmpty(0)
            .Max();

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(2);

    public static async Task<CoordinationResult> RunAsync(BenchOptions options, int processes, int entities, string workDirectory)
    {
        var databasePath = Path.Combine(workDirectory, $"coordination-{processes}-{entities}.sqlite");
        StoreFiles.Delete(databasePath);
        try
        {
            await using var server = await ServerProcess.StartAsync(databasePath, ["Logging:LogLevel:Default=Warning", .. options.ServerSettings]);
            // Background traffic stays far below saturation (2k changes/s in all): a cut waits for commits, so
            // a backlog would be measured instead of the coordination.
            await using var simulation = Simulation.Start(new SimulatorSettings
            {
                Port = server.Ingest.Port,
                ProcessCount = processes,
                EntityCount = entities,
                ChangesPerSecond = Math.Min(200, 2_000.0 / processes),
                Seed = options.Seed,
                NamePrefix = "coord",
            });
            await simulation.WaitForAllConnectedAsync().WaitAsync(TimeSpan.FromSeconds(60));
            var stored = await WarmUpAsync(server, processes * (long)entities * 8 / 10, options.IsQuick ? TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(10));

            var cuts = new List<double>();
            var problems = new List<string>();
            for (var i = 0; i < options.CoordinationRepeats; i++)
            {
                var (latency, problem) = await CutAsync(server);
                if (problem is not null)
                {
                    problems.Add(problem);
                    break;
                }
                cuts.Add(latency);
            }

            var snapshots = new List<double>();
            var afterSlowest = new List<double>();
            long bytes = 0;
            int replied = 0, timedOut = 0;
            for (var i = 0; i < options.CoordinationRepeats; i++)
            {
                var clock = Stopwatch.StartNew();
                using var response = await server.Http.PostAsJsonAsync("/api/snapshot", new { });
                var body = await response.Content.ReadAsByteArrayAsync();
                clock.Stop();
                if (!response.IsSuccessStatusCode)
                {
                    problems.Add(Problem("POST /api/snapshot", response.StatusCode));
                    break;
                }
                snapshots.Add(clock.Elapsed.TotalMilliseconds);
                using var json = JsonDocument.Parse(body);
                bytes = body.Length;
                afterSlowest.Add(clock.Elapsed.TotalMilliseconds - SlowestReplyMs(json.RootElement));
                replied = json.RootElement.GetProperty("processes").GetArrayLength();
                timedOut = json.RootElement.GetProperty("timed_out_processes").GetArrayLength();
            }
            return new CoordinationResult(processes, entities, stored, Percentiles.Of(cuts), Percentiles.Of(snapshots), Percentiles.Of(afterSlowest),
                bytes, replied, timedOut,
                problems.Count == 0 ? null : string.Join("; ", problems));
        }
        finally
        {
            StoreFiles.Delete(databasePath);
        }
    }

    /// <summary>Lets the processes grow their graphs towards the entity target; returns the entities stored.</summary>
    private static async Task<long> WarmUpAsync(ServerProcess server, long target, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        long stored;
        do
        {
            await Task.Delay(250);
            stored = await ScalarAsync(server, "select count(*) from entities");
        } while (stored < target && clock.Elapsed < limit);
        return stored;
    }

    /// <summary>Milliseconds until the cut completed, or why it could not be measured.</summary>
    private static async Task<(double Ms, string? Problem)> CutAsync(ServerProcess server)
    {
        var clock = Stopwatch.StartNew();
        using var created = await server.Http.PostAsJsonAsync("/api/cuts", new { });
        if (!created.IsSuccessStatusCode) return (0, Problem("POST /api/cuts", created.StatusCode));
        var cutId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cut_id").GetString();
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            using var status = await server.Http.GetAsync($"/api/cuts/{cutId}");
            if (!status.IsSuccessStatusCode) return (0, Problem($"GET /api/cuts/{cutId}", status.StatusCode));
            var body = await status.Content.ReadFromJsonAsync<JsonElement>();
            if (body.GetProperty("pending_connections").GetInt32() == 0) return (clock.Elapsed.TotalMilliseconds, null);
            await Task.Delay(PollInterval);
        }
        return (0, $"{cutId} did not complete within 60 s");
    }

    private static string Problem(string request, HttpStatusCode status) =>
        status is HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed
            ? $"{request} is not served by this build"
            : $"{request} answered {(int)status} {status}";

    private static async Task<long> ScalarAsync(ServerProcess server, string sql)
    {
        using var response = await server.Http.PostAsJsonAsync("/api/sql", new { sql });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rows")[0][0].GetInt64();
    }
}

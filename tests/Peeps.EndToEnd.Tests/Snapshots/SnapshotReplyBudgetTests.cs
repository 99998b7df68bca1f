using System.Net;
using System.Text;
using System.Text.Json;
using Peeps.Testing;

namespace Peeps.EndToEnd.Tests.Snapshots;

/// <summary>
/// A snapshot keeps replies only up to <c>Peeps:Snapshots:MaxReplyBytes</c>: a reply that would pass it is listed in
/// <c>too_large_processes</c> with its size and the reason, not held, and the answer and its stored row say so.
/// </summary>
[Collection(CoordinationTimingCollection.Name)]
public sealed class SnapshotReplyBudgetTests
{
    private const int Budget = 100_000;

    [Fact]
    public async Task Replies_past_the_budget_are_listed_as_too_large_with_their_reason_and_only_the_budget_is_kept()
    {
        await using var server = await PeepsServer.StartAsync(settings: $"Peeps:Snapshots:MaxReplyBytes={Budget}");
        // 2 x 20 kB always fit; 60 kB + 60 kB cannot both fit beside them, so whichever comes second is refused;
        // 150 kB alone is past the budget.
        var sizes = new Dictionary<string, int> { ["small-a"] = 20_000, ["small-b"] = 20_000, ["pair-a"] = 60_000, ["pair-b"] = 60_000, ["huge"] = 150_000 };
        var runtimes = new List<ScriptedRuntime>();
        try
        {
            uint pid = 100;
            foreach (var (name, size) in sizes)
            {
                var runtime = await ScriptedRuntime.StartAsync(server.Ingest, name, ++pid, GraphOf(size));
                runtimes.Add(runtime);
                await runtime.ConnIdAsync(server);
            }

            using var response = await server.Http.PostAsync("/api/snapshot", new StringContent("""{"timeout_ms":5000}""", Encoding.UTF8, "application/json"));
            var text = await response.Content.ReadAsStringAsync();
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var body = JsonDocument.Parse(text).RootElement;

            var kept = body.GetProperty("processes").EnumerateArray().ToDictionary(p => p.GetProperty("process_name").GetString()!, p => p.GetProperty("snapshot").GetRawText().Length);
            var tooLarge = body.GetProperty("too_large_processes").EnumerateArray().ToDictionary(p => p.GetProperty("process_name").GetString()!);
            Assert.Contains("small-a", kept.Keys);
            Assert.Contains("small-b", kept.Keys);
            Assert.Contains("huge", tooLarge.Keys);
            Assert.Single(kept.Keys, k => k.StartsWith("pair-", StringComparison.Ordinal));
            Assert.Single(tooLarge.Keys, k => k.StartsWith("pair-", StringComparison.Ordinal));
            Assert.Equal(5, kept.Count + tooLarge.Count);
            Assert.True(kept.Values.Sum() <= Budget, $"kept {kept.Values.Sum()} snapshot bytes, budget {Budget}");
            foreach (var (name, entry) in tooLarge)
            {
                Assert.Equal(sizes[name], entry.GetProperty("snapshot_bytes").GetInt64());
                var reason = entry.GetProperty("reason").GetString()!;
                Assert.Contains("Peeps:Snapshots:MaxReplyBytes", reason, StringComparison.Ordinal);
                Assert.Contains($"{sizes[name]} bytes", reason, StringComparison.Ordinal);
                Assert.True(entry.GetProperty("pid").GetUInt32() > 100);
            }
            Assert.Empty(body.GetProperty("timed_out_processes").EnumerateArray());

            var id = body.GetProperty("snapshot_id").GetInt64();
            var row = (await server.SqlAsync($"select replied, timed_out, result_json = json(result_json) from snapshots where snapshot_id = {id}")).Rows.Single();
            Assert.Equal(5, row[0].GetInt64());
            Assert.Equal(0, row[1].GetInt64());
            var stored = await server.GetJsonAsync($"/api/snapshots/{id}");
            Assert.Equal(tooLarge.Keys.Order(), stored.GetProperty("too_large_processes").EnumerateArray().Select(p => p.GetProperty("process_name").GetString()!).Order());
        }
        finally
        {
            foreach (var runtime in runtimes) await runtime.DisposeAsync();
        }
    }

    /// <summary>A snapshot object of exactly <paramref name="bytes"/> UTF-8 bytes: one future whose name pads it.</summary>
    private static string GraphOf(int bytes)
    {
        const string head = """{"entities":[{"id":"e1","birth":0,"source":"pad.rs:1","name":" """;
        const string tail = """ ","body":"future","meta":{}}],"scopes":[],"edges":[],"events":[]}""";
        var graph = head.TrimEnd() + new string('x', bytes - head.TrimEnd().Length - tail.TrimStart().Length) + tail.TrimStart();
        Assert.Equal(bytes, Encoding.UTF8.GetByteCount(graph));
        return graph;
    }
}

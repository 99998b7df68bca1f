using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Peeps.Benchmarks;

/// <summary>
/// Takes a cut through the HTTP contract every interval while the runtimes send, and times each from
/// <c>POST /api/cuts</c> to the first poll of <c>GET /api/cuts/{id}</c> with nothing pending. Issue 17's bound is on
/// the time past the slowest client's ack: a cut waits for every ack and then for the writer to commit each stream
/// up to its acked cursor, and only the second part is the server's.
/// </summary>
public sealed class CutProbe(HttpClient http, IReadOnlyList<ReplayRuntime> runtimes)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(5);

    /// <summary>A cut not complete after this long is counted as unfinished rather than timed.</summary>
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    public async Task<CutFigures> RunWhileAsync(TimeSpan interval, Func<bool> stillSending)
    {
        var taken = new List<CutTiming>();
        int unfinished = 0, refused = 0;
        while (stillSending())
        {
            await Task.Delay(interval);
            if (!stillSending()) break;
            switch (await TakeAsync())
            {
                case CutOutcome.Taken(var timing):
                    taken.Add(timing);
                    break;
                case CutOutcome.Refused:
                    refused++;
                    break;
                default:
                    unfinished++;
                    break;
            }
        }
        return new CutFigures(
            Percentiles.Of(taken.Select(t => t.CompletionMs)),
            Percentiles.Of(taken.Select(t => t.PastSlowestAckMs)),
            Percentiles.Of(taken.Select(t => t.PastSlowestAckServerMs)),
            unfinished)
        {
            Refused = refused,
        };
    }

    /// <summary>One cut: timed, refused by the server (503, overloaded), or not complete within 30 s.</summary>
    public async Task<CutOutcome> TakeAsync()
    {
        var start = Stopwatch.GetTimestamp();
        using var created = await http.PostAsJsonAsync("/api/cuts", new { });
        if (created.StatusCode == HttpStatusCode.ServiceUnavailable) return new CutOutcome.Refused();
        created.EnsureSuccessStatusCode();
        var cutId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("cut_id").GetString()!;
        while (Stopwatch.GetElapsedTime(start) < GiveUpAfter)
        {
            var status = await http.GetFromJsonAsync<JsonElement>($"/api/cuts/{Uri.EscapeDataString(cutId)}");
            var seenAt = Stopwatch.GetTimestamp();
            if (status.GetProperty("pending_connections").GetInt32() == 0)
            {
                var slowestAck = runtimes.Max(r => r.CutAckedAt(cutId) ?? start);
                return new CutOutcome.Taken(new CutTiming(
                    Stopwatch.GetElapsedTime(start, seenAt).TotalMilliseconds,
                    Stopwatch.GetElapsedTime(slowestAck, seenAt).TotalMilliseconds,
                    ServerPastSlowestAckMs(status)));
            }
            await Task.Delay(PollInterval);
        }
        return new CutOutcome.Unfinished();
    }

    /// <summary>From the server's own clock: completion minus the last ack it received.</summary>
    private static double ServerPastSlowestAckMs(JsonElement status)
    {
        var lastAck = status.GetProperty("connections").EnumerateArray()
            .Select(c => c.GetProperty("acked_at_ns"))
            .Where(a => a.ValueKind == JsonValueKind.Number)
            .Select(a => a.GetInt64())
            .DefaultIfEmpty(status.GetProperty("requested_at_ns").GetInt64())
            .Max();
        return (status.GetProperty("completed_at_ns").GetInt64() - lastAck) / 1e6;
    }
}

using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace Peeps.Benchmarks;

/// <summary>
/// Reads every live stream's committed cursor through <c>/api/sql</c>, as a client would, and hands each runtime
/// the cursor with the time the read started; that is how delta → visible latency is measured, to within one
/// probe interval plus one query.
/// </summary>
public sealed class CursorProbe(HttpClient http, IReadOnlyList<ReplayRuntime> runtimes)
{
    private const string Sql = """
        select c.process_name, s.next_seq_no from stream_cursors s join connections c on c.conn_id = s.conn_id
        where c.disconnected_at_ns is null
        """;

    private readonly Dictionary<string, ReplayRuntime> _byName = runtimes.ToDictionary(r => r.Name);

    public int Probes { get; private set; }

    /// <summary>Probes until every batch is confirmed or <paramref name="stop"/> fires; returns when the last one was confirmed.</summary>
    public async Task<long?> RunUntilAllConfirmedAsync(TimeSpan interval, Func<bool> allSent, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var readAt = Stopwatch.GetTimestamp();
            using (var response = await http.PostAsJsonAsync("/api/sql", new { sql = Sql }, CancellationToken.None))
            {
                response.EnsureSuccessStatusCode();
                using var body = await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(CancellationToken.None));
                foreach (var row in body.RootElement.GetProperty("rows").EnumerateArray())
                {
                    if (_byName.TryGetValue(row[0].GetString()!, out var runtime))
                        runtime.Observe(row[1].GetUInt64(), readAt);
                }
            }
            Probes++;
            if (allSent() && runtimes.All(r => r.AllConfirmed)) return readAt;
            try
            {
                await Task.Delay(interval, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return null;
    }
}

using System.Text;
using Peeps.Wire.Messages;

namespace Peeps.Testing;

/// <summary>
/// A runtime over real TCP that answers the server like the Rust client does: every cut at once (its cursor stays at
/// 0, it sends no batches) and every snapshot with the graph the test gave it, so a test decides exactly what the
/// server sees of the process.
/// </summary>
public sealed class ScriptedRuntime : IAsyncDisposable
{
    private readonly RuntimeClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private volatile string _snapshotJson;

    private ScriptedRuntime(RuntimeClient client, string snapshotJson)
    {
        _client = client;
        _snapshotJson = snapshotJson;
        _loop = Task.Run(AnswerAsync);
    }

    public string StreamId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>Process time the runtime reports with each snapshot; entity births are in the same unit.</summary>
    public ulong PtimeNowMs { get; set; } = 100_000;

    /// <param name="snapshotJson">The <c>snapshot</c> object: <c>{"entities": [...], "scopes": [], "edges": [...], "events": []}</c>.</param>
    public static async Task<ScriptedRuntime> StartAsync(PeepsServer server, string processName, uint pid, string snapshotJson)
    {
        var client = server.Connect();
        await client.HandshakeAsync(processName, pid);
        return new ScriptedRuntime(client, snapshotJson);
    }

    /// <summary>What the next snapshot replies with.</summary>
    public void Answer(string snapshotJson) => _snapshotJson = snapshotJson;

    private async Task AnswerAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            ServerMessage message;
            try
            {
                message = await _client.ReceiveAsync(Timeout.InfiniteTimeSpan).WaitAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            var reply = message switch
            {
                CutRequest cut => _client.SendAsync(new CutAck(cut.CutId, new StreamCursor(StreamId, 0))),
                SnapshotRequest snapshot => _client.SendAsync(new SnapshotReply(snapshot.SnapshotId, PtimeNowMs, Encoding.UTF8.GetBytes(_snapshotJson))),
                _ => Task.CompletedTask,
            };
            await reply;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _client.Dispose();
        try
        {
            await _loop;
        }
        catch (Exception)
        {
            // The loop ends by its read failing on the closed socket; nothing to report.
        }
        _stop.Dispose();
    }
}

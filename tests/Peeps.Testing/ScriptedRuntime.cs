using System.Net;
using System.Text;
using Peeps.Wire.Messages;

namespace Peeps.Testing;

/// <summary>
/// A runtime over real TCP that answers the server as the Rust client does, with a graph the test writes: it acks
/// every cut at its cursor (it sends no batches, so at 0) and replies to every snapshot with <see cref="Graph"/>.
/// A test changes <see cref="Graph"/> between snapshots to make a wait appear or resolve.
/// </summary>
public sealed class ScriptedRuntime : IAsyncDisposable
{
    private readonly RuntimeClient _client;
    private readonly Task _answering;
    private volatile string _graph;
    private volatile bool _answersSnapshots = true;
    private long _ptimeNowMs;

    private ScriptedRuntime(RuntimeClient client, string processName, uint pid, string graph, long ptimeNowMs)
    {
        _client = client;
        ProcessName = processName;
        Pid = pid;
        _graph = graph;
        _ptimeNowMs = ptimeNowMs;
        _answering = Task.Run(AnswerAsync);
    }

    public string ProcessName { get; }

    public uint Pid { get; }

    /// <summary>The <c>snapshot</c> object the next snapshot reply carries (see <see cref="SnapshotGraphs"/>).</summary>
    public string Graph
    {
        get => _graph;
        set => _graph = value;
    }

    /// <summary>False makes the runtime ignore snapshot requests (it still acks cuts), as a process stuck too hard to answer.</summary>
    public bool AnswersSnapshots
    {
        get => _answersSnapshots;
        set => _answersSnapshots = value;
    }

    /// <summary>The process clock the next reply reports; entity births are on it, so it sets how old each wait is.</summary>
    public long PtimeNowMs
    {
        get => Interlocked.Read(ref _ptimeNowMs);
        set => Interlocked.Exchange(ref _ptimeNowMs, value);
    }

    public static async Task<ScriptedRuntime> StartAsync(IPEndPoint ingest, string processName, uint pid, string graph, long ptimeNowMs = 60_000)
    {
        var client = RuntimeClient.Connect(ingest);
        await client.HandshakeAsync(processName, pid);
        return new ScriptedRuntime(client, processName, pid, graph, ptimeNowMs);
    }

    /// <summary>This runtime's conn id, once the server has recorded its handshake.</summary>
    public async Task<long> ConnIdAsync(PeepsServer server) =>
        (await Eventually.Until(
            () => server.SqlAsync($"select conn_id from connections where process_name = '{ProcessName}' and disconnected_at_ns is null"),
            rows => rows.Rows.Count == 1,
            what: $"{ProcessName} identified")).Rows[0][0].GetInt64();

    private async Task AnswerAsync()
    {
        try
        {
            while (true)
            {
                switch (await _client.ReceiveAsync(Timeout.InfiniteTimeSpan))
                {
                    case CutRequest cut:
                        await _client.SendAsync(new CutAck(cut.CutId, new StreamCursor($"proc:{Pid}", 0)));
                        break;
                    case SnapshotRequest snapshot when AnswersSnapshots:
                        await _client.SendAsync(new SnapshotReply(snapshot.SnapshotId, (ulong)PtimeNowMs, Encoding.UTF8.GetBytes(Graph)));
                        break;
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or EndOfStreamException or OperationCanceledException)
        {
            // The test disposed the runtime, or the server went away first: either way there is nothing left to answer.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        await _answering;
    }
}

using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Peeps.Ingest.Inspection;
using Xunit.Abstractions;
using static Peeps.Testing.SampleBatches;

namespace Peeps.EndToEnd.Tests.Ingest;

/// <summary>
/// When SQLite cannot keep up, the senders are slowed through TCP rather than their data being buffered without
/// bound or dropped. The writer is held back for real: another connection holds the database's write lock.
/// </summary>
public sealed class BackpressureTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Batches = 300;
    private const int ChangesPerBatch = 100;
    private const int MaxGroupWeight = 1000;

    private PeepsServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await PeepsServer.StartAsync(settings: [$"Peeps:Ingest:MaxGroupWeight={MaxGroupWeight}"]);

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    /// <summary>About 100 KB a batch, so a few megabytes fill the socket buffers while few changes need writing.</summary>
    private static string PaddedBatch(int index)
    {
        var from = (ulong)(index * ChangesPerBatch);
        var padding = new string('x', 900);
        return Batch("proc:9", from, from + ChangesPerBatch, Enumerable.Range(0, ChangesPerBatch).Select(i =>
            Change(from + (ulong)i, "upsert_entity",
                $$$"""{"id":"e{{{from + (ulong)i}}}","birth":1,"source":"src/a.rs:1","name":"load.{{{i}}}","body":"future","meta":{"pad":"{{{padding}}}"}}""")));
    }

    [Fact]
    public async Task A_stalled_writer_throttles_senders_and_loses_nothing_once_it_recovers()
    {
        using var client = _server.Connect();
        await client.HandshakeAsync("flooder", 9);
        await Eventually.Until(() => _server.CountAsync("select count(*) from connections where process_name = 'flooder'"), n => n == 1);

        await using var blocker = new SqliteConnection($"Data Source={_server.DbPath}");
        await blocker.OpenAsync();
        await using (var begin = blocker.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE";
            await begin.ExecuteNonQueryAsync();
        }

        var sent = 0;
        var sender = Task.Run(async () =>
        {
            for (var i = 0; i < Batches; i++)
            {
                await client.SendRawAsync(Peeps.Wire.Framing.FrameCodec.Encode(Encoding.UTF8.GetBytes(PaddedBatch(i))));
                Interlocked.Increment(ref sent);
            }
        });

        var stalledAt = await SendsStallAsync(() => Volatile.Read(ref sent), TimeSpan.FromSeconds(20));
        Assert.True(stalledAt < Batches, $"the sender was never throttled: all {Batches} batches went out while the writer was stalled");
        Assert.False(sender.IsCompleted);
        Assert.Equal(0, await _server.CountAsync("select count(*) from entities where stream_id = 'proc:9'"));

        // The sender stalling proves only that some buffer filled; whose matters. What the server read off the socket
        // while nothing could be committed is what it holds for this sender (the rest waits in the kernel).
        var flooder = _server.Services.GetRequiredService<StreamGraphRegistry>().Connections.Single(c => c.ProcessName == "flooder");
        var frameBytes = Peeps.Wire.Framing.FrameCodec.Encode(Encoding.UTF8.GetBytes(PaddedBatch(0))).Length;
        var heldBatches = (double)flooder.Read.Units / frameBytes;
        output.WriteLine($"stalled after {stalledAt} of {Batches} batches sent; the server had read {flooder.Read.Units:N0} bytes ({heldBatches:F1} batches), decoded {flooder.Batches}");
        // Bounded by the connection's buffer, its merge hub slots, a group being formed and one being committed, and a
        // batch in each of the few stages between them; far below what the sender got out.
        var bound = 4 + 16 + 2 * (MaxGroupWeight / ChangesPerBatch) + 8;
        Assert.InRange(heldBatches, 0, bound);

        await using (var commit = blocker.CreateCommand())
        {
            commit.CommandText = "COMMIT";
            await commit.ExecuteNonQueryAsync();
        }

        await sender.WaitAsync(TimeSpan.FromSeconds(60));
        await Eventually.Until(() => _server.CountAsync("select count(*) from entities where stream_id = 'proc:9'"), n => n == Batches * ChangesPerBatch, TimeSpan.FromSeconds(60));
        Assert.Equal(Batches, await _server.CountAsync("select count(*) from delta_batches where stream_id = 'proc:9'"));
        Assert.Equal(Batches * ChangesPerBatch, await _server.CountAsync("select next_seq_no from stream_cursors where stream_id = 'proc:9'"));
    }

    /// <summary>Waits until the sent count has not moved for a second, and returns where it stopped.</summary>
    private static async Task<int> SendsStallAsync(Func<int> sent, TimeSpan within)
    {
        var deadline = DateTime.UtcNow + within;
        var last = -1;
        var stableSince = DateTime.UtcNow;
        while (DateTime.UtcNow < deadline)
        {
            var now = sent();
            if (now == Batches) return now;
            if (now != last)
            {
                last = now;
                stableSince = DateTime.UtcNow;
            }
            else if (DateTime.UtcNow - stableSince > TimeSpan.FromSeconds(1))
            {
                return now;
            }
            await Task.Delay(50);
        }
        return sent();
    }
}

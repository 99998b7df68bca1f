using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Peeps.Ingest;
using Peeps.Storage.Retention;
using Peeps.Testing;
using Peeps.EndToEnd.Tests.Snapshots;
using Peeps.Wire.Messages;

namespace Peeps.EndToEnd.Tests.Retention;

[Collection(CoordinationTimingCollection.Name)]
public sealed class RetentionEndToEndTests
{
    private const long SizeLimit = 2 * 1024 * 1024;

    /// <summary>
    /// One batch upserting the same ten entities each time (state stays small) with names padded so the stored
    /// payload is about 10 KiB: history grows with every batch, state does not.
    /// </summary>
    private static string PaddedBatch(string stream, ulong from)
    {
        var padding = new string('p', 1_000);
        return SampleBatches.Batch(stream, from, from + 10, Enumerable.Range(0, 10).Select(i =>
            SampleBatches.Change(from + (ulong)i, "upsert_entity", SampleBatches.Entity($"e{i}", $"task.{from}.{padding}"))));
    }

    /// <summary>
    /// Passes are skipped until the cut coordinator answers, which can take seconds after start on a loaded machine;
    /// the load starts once one pass has run.
    /// </summary>
    private static Task RetentionRunningAsync(RetentionStatus status) =>
        Eventually.Until(() => Task.FromResult(status.Footprint().RetentionPasses), passes => passes > 0, TimeSpan.FromSeconds(30), "a retention pass");

    /// <summary>The footprint as of a retention pass that began after <paramref name="afterNs"/> and satisfies <paramref name="done"/>.</summary>
    private static Task<StoreFootprint> PassAfterAsync(RetentionStatus status, long afterNs, Func<StoreFootprint, bool> done, string what, TimeSpan? within = null) =>
        Eventually.Until(() => Task.FromResult(status.Footprint()), f => f.LastRetentionPassAtNs > afterNs && done(f), within, what);

    private static Task<long> CommittedCursorAsync(PeepsServer server, string stream) =>
        server.CountAsync($"select coalesce(max(next_seq_no), 0) from stream_cursors where stream_id = '{stream}'");

    [Fact]
    public async Task Under_sustained_ingest_past_the_size_limit_many_times_the_file_plateaus_and_every_batch_is_committed()
    {
        await using var server = await PeepsServer.StartAsync(settings:
        [
            "Peeps:Retention:MaxAge=00:00:00", $"Peeps:Retention:MaxBytes={SizeLimit}", "Peeps:Retention:Interval=00:00:00.100",
            "Peeps:Retention:ChunkRows=100", "Peeps:Writer:BackgroundCheckpointInterval=00:00:00.100",
        ]);
        using var client = server.Connect();
        await client.HandshakeAsync("soak", 7);
        var status = server.Services.GetRequiredService<RetentionStatus>();
        await RetentionRunningAsync(status);
        const int rounds = 30, batchesPerRound = 40;
        var largestFile = 0L;
        ulong next = 0;

        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < batchesPerRound; i++, next += 10)
                await client.SendJsonAsync(PaddedBatch("proc:7", next));
            var sent = (long)next;
            await Eventually.Until(() => CommittedCursorAsync(server, "proc:7"), cursor => cursor == sent, what: $"round {round} committed");
            // A round is about a fifth of the limit. On a loaded machine passes can fall rounds behind the ingest and the
            // file grow by all of them, which says nothing about the plateau: each round waits for a pass begun after it.
            // The file never shrinks, so its size after the pass is its largest yet.
            await PassAfterAsync(status, UnixTime.NowNs(), _ => true, $"a retention pass after round {round}", TimeSpan.FromSeconds(30));
            largestFile = Math.Max(largestFile, status.Footprint().DatabaseBytes);
        }
        // A chunk's report is as of that chunk: one that got under the limit while the last rounds were still being
        // written undercounts what has to go. Only a pass begun after everything was committed counts.
        var settled = await PassAfterAsync(status, UnixTime.NowNs(), f => f.UsedBytes <= SizeLimit, "retention back under the size limit");

        var written = await server.CountAsync("select count(*) from delta_batches") + settled.RetentionRemoved["delta_batches"];
        Assert.Equal(rounds * batchesPerRound, written);
        // About 12 MiB of history went through a 2 MiB limit: the file stayed within twice the limit all along.
        Assert.True(largestFile <= 2 * SizeLimit, $"the database file reached {largestFile} bytes with a limit of {SizeLimit}");
        Assert.True(settled.RetentionRemoved["delta_batches"] >= 4 * rounds * batchesPerRound / 5);
        Assert.Equal(10, await server.CountAsync("select count(*) from entities"));
        // Read after the report: retention keeps the file at its limit, so a pass may still trim between the two reads,
        // and trimming only moves the oldest batch forward.
        var streams = await server.GetJsonAsync("/api/streams");
        var storage = streams.GetProperty("storage");
        var oldestHeld = await server.CountAsync("select min(received_at_ns) from delta_batches");
        Assert.True(storage.GetProperty("database_bytes").GetInt64() > 0);
        Assert.True(storage.GetProperty("retention_removed").GetProperty("delta_batches").GetInt64() > 0);
        Assert.True(storage.GetProperty("oldest_held_ns").GetInt64() <= oldestHeld, $"{storage} vs {oldestHeld}");
        var metrics = await server.Http.GetStringAsync("/metrics");
        Assert.Contains("peeps_store_file_size{file=\"database\"}", metrics);
        Assert.Contains("peeps_store_file_size{file=\"wal\"}", metrics);
        Assert.Contains("peeps_retention_removed_total{table=\"delta_batches\"}", metrics);
        Assert.Contains("peeps_store_oldest_held_timestamp_seconds", metrics);
    }

    [Fact]
    public async Task History_received_after_a_cut_in_progress_is_kept_until_the_cut_completes()
    {
        await using var server = await PeepsServer.StartAsync(settings:
        [
            "Peeps:Retention:MaxAge=00:00:01", "Peeps:Retention:MaxBytes=0", "Peeps:Retention:Interval=00:00:00.100",
        ]);
        var status = server.Services.GetRequiredService<RetentionStatus>();
        using var client = server.Connect();
        await client.HandshakeAsync("cut-held", 8);
        await client.SendJsonAsync(SampleBatches.Upserts("proc:8", 0, 5));
        await Eventually.Until(() => CommittedCursorAsync(server, "proc:8"), cursor => cursor == 5);

        var cut = await server.PostJsonAsync("/api/cuts", "{}");
        var cutId = cut.GetProperty("cut_id").GetString()!;
        var requestedAt = cut.GetProperty("requested_at_ns").GetInt64();
        Assert.IsType<CutRequest>(await client.ReceiveAsync(TimeSpan.FromSeconds(5)));
        await client.SendJsonAsync(SampleBatches.Upserts("proc:8", 5, 5));
        await Eventually.Until(() => CommittedCursorAsync(server, "proc:8"), cursor => cursor == 10);

        // The batch before the cut ages out; those after it stay, though passes run long after they are past MaxAge.
        await Eventually.Until(() => server.CountAsync($"select count(*) from delta_batches where received_at_ns < {requestedAt}"), n => n == 0,
            what: "the batch before the cut removed");
        await Eventually.Until(() => Task.FromResult(status.Footprint().LastRetentionPassAtNs ?? 0), at => at > requestedAt + 2_000_000_000,
            TimeSpan.FromSeconds(20), "a pass two seconds after the cut");
        Assert.Equal(1, await server.CountAsync("select count(*) from delta_batches"));
        Assert.Equal(1, (await server.GetJsonAsync($"/api/cuts/{cutId}")).GetProperty("pending_connections").GetInt32());

        await client.SendAsync(new CutAck(cutId, new StreamCursor("proc:8", 10)));
        await Eventually.Until(() => server.GetJsonAsync($"/api/cuts/{cutId}"), c => c.GetProperty("complete").GetBoolean(), what: "cut complete");

        await Eventually.Until(() => server.CountAsync("select count(*) from delta_batches"), n => n == 0, what: "history after the cut removed");
        Assert.Equal(10, await server.CountAsync("select count(*) from entities"));
    }
}

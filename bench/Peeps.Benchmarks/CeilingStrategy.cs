using System.Diagnostics;
using Peeps.Storage;
using Peeps.Storage.Schema;
using Peeps.Storage.Writing;

namespace Peeps.Benchmarks;

/// <summary>
/// The SQLite ceiling: the corpus written straight into the schema by our single writer (one connection,
/// statements prepared once, raw UTF-8 slices bound), grouping batches per transaction up to the server's group
/// weight. No TCP, no decoding, no actors: what the file can take with the best single-writer strategy we have.
/// One pass on a fresh file; the first pass in a process also pays for compiling the writer, so callers discard it.
/// </summary>
public static class CeilingStrategy
{
    public static StoreResult Run(Corpus corpus, string databasePath, long maxGroupWeight)
    {
        var storage = new StorageSettings { DatabasePath = databasePath };
        StoreInitializer.Initialize(storage);
        // Every change written: the yardstick is SQLite taking all of them, which coalescing would not measure.
        using var writer = new SqliteStoreWriter(storage, new WriterSettings { CoalesceWithinGroup = false });
        var groups = Group(corpus, maxGroupWeight);
        var cpu = ThreadClock.RunTime();
        var clock = Stopwatch.StartNew();
        foreach (var group in groups)
        {
            var report = writer.Write(group);
            if (report.Rejected.Count > 0)
                throw new InvalidOperationException($"the ceiling run had a rejected command: {report.Rejected[0]}");
        }
        clock.Stop();
        return new StoreResult("SQLite ceiling (our writer, grouped)", corpus.Changes, corpus.Batches.Count, groups.Count, clock.Elapsed,
            ThreadClock.RunTime() - cpu, StoreFiles.Size(databasePath));
    }

    private static List<List<WriteCommand>> Group(Corpus corpus, long maxGroupWeight)
    {
        var receivedAt = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var groups = new List<List<WriteCommand>>();
        var current = new List<WriteCommand>();
        long weight = 0;
        foreach (var batch in corpus.Batches)
        {
            var batchWeight = 1 + batch.Batch.Changes.Count;
            if (current.Count > 0 && weight + batchWeight > maxGroupWeight)
            {
                groups.Add(current);
                current = [];
                weight = 0;
            }
            current.Add(new DeltaBatchReceived(batch.Process + 1, batch.Batch, receivedAt));
            weight += batchWeight;
        }
        if (current.Count > 0) groups.Add(current);
        return groups;
    }
}

using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Peeps.Storage.History;
using Peeps.Storage.Tests.Support;
using Peeps.Storage.Writing;

namespace Peeps.Storage.Tests.History;

public sealed class CheckpointPropertyTests
{
    private const long Second = 1_000_000_000;

    /// <summary>
    /// For any sequence of batches and any checkpoint interval, the state rebuilt from the newest checkpoint plus the
    /// batches after it equals the state replayed from the stream's first batch, at every batch boundary.
    /// </summary>
    [Property(MaxTest = 25)]
    public Property Rebuild_from_a_checkpoint_equals_rebuild_from_scratch_at_every_batch()
    {
        var cases = from seed in Gen.Choose(0, int.MaxValue)
                    from count in Gen.Choose(1, 25)
                    from everyBatches in Gen.Choose(1, 6)
                    from maxChanges in Gen.Choose(0, 12)
                    select (seed, count, everyBatches, maxChanges);
        return Prop.ForAll(cases.ToArbitrary(), c =>
        {
            using var db = new TempDatabase();
            var history = new RandomHistory(c.seed);
            var fromScratch = new StreamState(maxEvents: 5);
            var expected = new List<string>();
            using (var writer = db.OpenWriter(RandomHistory.Settings(c.everyBatches)))
            {
                writer.Write([new ConnectionOpened(1, 0)]);
                for (var i = 0; i < c.count; i++)
                {
                    var batch = history.NextBatch(c.maxChanges);
                    writer.Write([new DeltaBatchReceived(1, batch, (i + 1) * Second)]);
                    fromScratch.ApplyBatch(batch, (i + 1) * Second);
                    expected.Add(RandomHistory.Canonical(fromScratch));
                }
            }
            var reader = new GraphAtReader(db.Options, new CheckpointSettings { MaxEventsPerProcess = 5 });
            for (var i = 0; i < c.count; i++)
            {
                var rebuilt = reader.Read((i + 1) * Second, null, Deadline.None).Processes.Single().Streams.Single();
                if (RandomHistory.Canonical(rebuilt.State) != expected[i]) return false;
            }
            return true;
        });
    }
}

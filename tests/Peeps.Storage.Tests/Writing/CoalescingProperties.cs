using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Peeps.Storage.Tests.Support;
using Peeps.Storage.Writing;
using Peeps.Wire.Messages;

namespace Peeps.Storage.Tests.Writing;

/// <summary>
/// Coalescing within a group is invisible: any sequence of batches, grouped in any way (with bookkeeping commands between
/// them), leaves exactly the tables that applying every batch on its own, change by change, leaves.
/// </summary>
public sealed class CoalescingProperties
{
    /// <summary>A few keys per kind, so that the same rows are upserted, removed and cascaded to again and again.</summary>
    private static readonly string[] EntityIds = ["e0", "e1", "e2", "e3"];
    private static readonly string[] ScopeIds = ["s0", "s1", "s2"];
    private static readonly string[] Kinds = ["needs", "polls"];

    private static readonly string[] Tables =
    [
        "select * from connections order by conn_id",
        "select * from cuts order by cut_id",
        "select * from stream_cursors order by conn_id, stream_id",
        "select * from delta_batches order by id",
        "select * from entities order by conn_id, stream_id, entity_id",
        "select * from scopes order by conn_id, stream_id, scope_id",
        "select * from entity_scope_links order by conn_id, stream_id, entity_id, scope_id",
        "select * from edges order by conn_id, stream_id, src_id, dst_id, kind_json",
        "select * from events order by conn_id, stream_id, seq_no",
    ];

    /// <summary>One change without its sequence number; <c>version</c> makes every upsert's content distinct.</summary>
    private static Gen<Func<ulong, int, Change>> ChangeGen() => Gen.Frequency(
        (5, from id in Gen.Elements(EntityIds) select (Func<ulong, int, Change>)((seq, v) => Batches.Entity(seq, id, $"v{v}"))),
        (3, from id in Gen.Elements(EntityIds) select (Func<ulong, int, Change>)((seq, _) => new RemoveEntity(seq, id))),
        (2, from id in Gen.Elements(ScopeIds) select (Func<ulong, int, Change>)((seq, v) => Batches.Scope(seq, id, $"v{v}"))),
        (1, from id in Gen.Elements(ScopeIds) select (Func<ulong, int, Change>)((seq, _) => new RemoveScope(seq, id))),
        (3, from e in Gen.Elements(EntityIds) from s in Gen.Elements(ScopeIds)
            select (Func<ulong, int, Change>)((seq, _) => new UpsertEntityScopeLink(seq, e, s))),
        (1, from e in Gen.Elements(EntityIds) from s in Gen.Elements(ScopeIds)
            select (Func<ulong, int, Change>)((seq, _) => new RemoveEntityScopeLink(seq, e, s))),
        (4, from src in Gen.Elements(EntityIds) from dst in Gen.Elements(EntityIds) from kind in Gen.Elements(Kinds)
            select (Func<ulong, int, Change>)((seq, v) => new UpsertEdge(seq, src, dst, $"\"{kind}\"",
                Batches.Utf8($$$"""{"src":"{{{src}}}","dst":"{{{dst}}}","kind":"{{{kind}}}","meta":{"v":{{{v}}}}}""")))),
        (2, from src in Gen.Elements(EntityIds) from dst in Gen.Elements(EntityIds) from kind in Gen.Elements(Kinds)
            select (Func<ulong, int, Change>)((seq, _) => new RemoveEdge(seq, src, dst, $"\"{kind}\""))),
        (2, from target in Gen.Elements(EntityIds)
            select (Func<ulong, int, Change>)((seq, v) => Batches.Event(seq, $"ev{v}", (ulong)v, target))),
        (1, Gen.Constant((Func<ulong, int, Change>)((seq, _) => new UnknownChange(seq, "future_variant")))));

    /// <summary>A batch's stream (two connections, two streams each) and its changes.</summary>
    private static readonly Gen<(long ConnId, string Stream, Func<ulong, int, Change>[] Changes)> BatchGen =
        from conn in Gen.Choose(1, 2)
        from stream in Gen.Elements("main", "side")
        from count in Gen.Choose(0, 8)
        from changes in ChangeGen().ArrayOf(count)
        select ((long)conn, stream, changes);

    /// <summary>Batches in arrival order, each with whether its group ends after it (0) and what command follows it, if any.</summary>
    private static readonly Gen<Script> ScriptGen =
        from batches in BatchGen.ArrayOf()
        from groupBreaks in Gen.Choose(0, 4).ArrayOf(batches.Length)
        from barriers in Gen.Frequency((8, Gen.Constant(0)), (1, Gen.Constant(1)), (1, Gen.Constant(2))).ArrayOf(batches.Length)
        select new Script(batches, groupBreaks, barriers);

    public sealed record Script(
        (long ConnId, string Stream, Func<ulong, int, Change>[] Changes)[] Batches, int[] GroupBreaks, int[] Barriers)
    {
        public override string ToString() => string.Join(" | ", Materialize().Select(c => c switch
        {
            DeltaBatchReceived b => $"{b.ConnId}/{b.Batch.StreamId}: " + string.Join(", ", b.Batch.Changes.Select(ch => ch.GetType().Name)),
            _ => c.GetType().Name,
        }));

        /// <summary>The commands, with consecutive sequence numbers per stream and a distinct arrival time per batch.</summary>
        public List<WriteCommand> Materialize()
        {
            var commands = new List<WriteCommand> { new ConnectionOpened(1, 10), new ConnectionOpened(2, 20) };
            var next = new Dictionary<(long, string), ulong>();
            var version = 0;
            for (var i = 0; i < Batches.Length; i++)
            {
                var (conn, stream, makers) = Batches[i];
                var from = next.GetValueOrDefault((conn, stream));
                var changes = makers.Select((make, k) => make(from + (ulong)k, ++version)).ToArray();
                next[(conn, stream)] = from + (ulong)changes.Length;
                commands.Add(new DeltaBatchReceived(conn, Support.Batches.Batch(stream, from, from + (ulong)changes.Length, changes), 1_000 + i));
                // Commands that are not batches: one that reads what batches wrote (cursor times), one that does not.
                if (Barriers[i] == 1) commands.Add(new CutRecorded($"cut-{i}", 5_000 + i));
                if (Barriers[i] == 2) commands.Add(new EarlierRunConnectionsClosed(2));
            }
            return commands;
        }

        /// <summary>The same commands cut into groups where the script says so.</summary>
        public List<List<WriteCommand>> Groups()
        {
            var groups = new List<List<WriteCommand>> { new() };
            var breaks = new Queue<int>(GroupBreaks);
            foreach (var command in Materialize())
            {
                groups[^1].Add(command);
                if (command is DeltaBatchReceived && breaks.TryDequeue(out var b) && b == 0) groups.Add([]);
            }
            return groups;
        }
    }

    public static class Arbitraries
    {
        public static Arbitrary<Script> Script() => Arb.From(ScriptGen);
    }

    [Property(Arbitrary = [typeof(Arbitraries)], MaxTest = 60)]
    public void Any_batches_in_any_groups_leave_the_tables_that_applying_them_one_by_one_leaves(Script script)
    {
        using var oneByOne = new TempDatabase();
        using var coalesced = new TempDatabase();
        using (var writer = oneByOne.OpenWriter(new WriterSettings { CacheSizeKiB = 2048, CoalesceWithinGroup = false }))
        {
            foreach (var command in script.Materialize())
                Assert.Empty(writer.Write([command]).Rejected);
        }
        using (var writer = coalesced.OpenWriter(new WriterSettings { CacheSizeKiB = 2048, CoalesceWithinGroup = true }))
        {
            foreach (var group in script.Groups())
                Assert.Empty(writer.Write(group).Rejected);
        }

        foreach (var table in Tables)
            Assert.Equal(oneByOne.Rows(table), coalesced.Rows(table));
    }
}

/// <summary>What a coalesced group reports of the changes it did not need to write.</summary>
public sealed class CoalescingReportTests
{
    [Fact]
    public void Changes_superseded_within_a_group_are_counted_and_changes_only_written_once_are_not()
    {
        using var db = new TempDatabase();
        using var writer = db.OpenWriter();
        var first = Batches.Received(1, "main", 0, Batches.Entity(0, "a", "one"), Batches.Edge(1, "a", "b"));
        var second = Batches.Received(1, "main", 2, Batches.Entity(2, "a", "two"), new RemoveEdge(3, "a", "b", "\"needs\""),
            Batches.Entity(4, "b", "only"));

        var report = writer.Write([new ConnectionOpened(1, 1), first, second]);

        // The first upsert of a and the edge's upsert were superseded; b and the final a and edge removal were written.
        Assert.Equal(2, report.CoalescedChanges);
        Assert.Equal(5, report.Changes);
        Assert.Equal(["two", "only"], db.Rows("select json_extract(entity_json, '$.name') from entities order by entity_id").Select(r => (string)r[0]!));
        Assert.Equal(0L, db.Scalar("select count(*) from edges"));
    }

    [Fact]
    public void A_writer_that_does_not_coalesce_reports_nothing_coalesced()
    {
        using var db = new TempDatabase();
        using var writer = db.OpenWriter(new WriterSettings { CacheSizeKiB = 2048, CoalesceWithinGroup = false });
        var report = writer.Write([Batches.Received(1, "main", 0, Batches.Entity(0, "a", "one"), Batches.Entity(1, "a", "two"))]);

        Assert.Equal(0, report.CoalescedChanges);
        Assert.Equal("two", db.Scalar("select json_extract(entity_json, '$.name') from entities"));
    }
}

using Microsoft.Data.Sqlite;
using Peeps.Reliability.Tests.Support;
using Peeps.Storage;
using Peeps.Storage.Writing;
using Peeps.Testing;
using Peeps.Wire.Json;
using Peeps.Wire.Messages;
using static Peeps.Testing.SampleBatches;

namespace Peeps.Reliability.Tests;

/// <summary>
/// The crash tests' wholeness check sees half of a batch of any kind: each case writes whole batches through the real
/// writer, then undoes or adds one row of one batch's effects behind its back, as a transaction applied in part would.
/// </summary>
public sealed class BatchWholenessTests
{
    private const string Stream = "proc:1";
    private const string Edge = """{"src":"a","dst":"b","kind":"needs","meta":null}""";
    private const string Scope = """{"id":"s1","name":"runtime","body":{"runtime":{}},"meta":{}}""";

    /// <summary>Batches of entity, scope, link, edge and event changes, then one of removals only.</summary>
    private static readonly string[] Batches =
    [
        Batch(Stream, 0, 3, [Change(0, "upsert_entity", Entity("a", "task.a")), Change(1, "upsert_entity", Entity("b", "task.b")),
            Change(2, "upsert_edge", Edge)]),
        Batch(Stream, 3, 5, [Change(3, "upsert_scope", Scope), Change(4, "upsert_entity_scope_link", """{"entity_id":"a","scope_id":"s1"}""")]),
        Batch(Stream, 5, 6, [Change(5, "append_event", """{"id":"ev1","at":7,"source":"src/lib.rs:1","target":"a","name":"wake","kind":"wake","meta":{}}""")]),
        Batch(Stream, 6, 8, [Change(6, "remove_entity", """{"id":"b"}"""), Change(7, "remove_scope", """{"id":"s1"}""")]),
    ];

    public static TheoryData<string, string> HalfBatches => new()
    {
        { "the removal batch's row without the edge it removed gone", "INSERT INTO edges VALUES (1, 'proc:1', 'a', 'b', '\"needs\"', 'x', 0)" },
        { "the removal batch's entity removal undone", "INSERT INTO entities VALUES (1, 'proc:1', 'b', '{}', 0)" },
        { "the removal batch's scope removal undone", "INSERT INTO scopes VALUES (1, 'proc:1', 's1', '{}', 0)" },
        { "an upsert batch's entity missing", "DELETE FROM entities WHERE entity_id = 'a'" },
        { "the removal batch's link removal undone", "INSERT INTO entity_scope_links VALUES (1, 'proc:1', 'a', 's1', 0)" },
        { "the removal batch's effects without its row", "DELETE FROM delta_batches WHERE from_seq_no = 6" },
        { "an event batch's event missing", "DELETE FROM events" },
        { "an event without the batch that carried it", "DELETE FROM delta_batches WHERE from_seq_no = 5" },
        { "a stream's cursor behind its newest batch", "UPDATE stream_cursors SET next_seq_no = 6" },
        { "an entity upsert with another value", "UPDATE entities SET entity_json = '{}' WHERE entity_id = 'a'" },
    };

    [Fact]
    public void Whole_batches_of_every_kind_are_whole()
    {
        using var folder = Written();
        using var store = new StoreFile(folder.DbPath);
        var report = BatchWholeness.Check(store);
        Assert.True(report.Whole, report.ToString());
        Assert.Equal(4, report.Batches);
    }

    [Theory]
    [MemberData(nameof(HalfBatches))]
    public void A_batch_applied_in_part_is_seen(string what, string tamper)
    {
        using var folder = Written();
        using (var connection = new SqliteConnection($"Data Source={folder.DbPath};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = tamper;
            Assert.Equal(1, command.ExecuteNonQuery());
        }
        using var store = new StoreFile(folder.DbPath);
        var report = BatchWholeness.Check(store);
        Assert.False(report.Whole, $"{what}: {report}");
    }

    private static DatabaseFolder Written()
    {
        var folder = new DatabaseFolder();
        using var writer = new SqliteStoreWriter(new StorageSettings { DatabasePath = folder.DbPath });
        WriteCommand[] commands =
        [
            new ConnectionOpened(1, 0),
            .. Batches.Select(json => new DeltaBatchReceived(1, (DeltaBatch)ClientMessageDecoder.Decode(System.Text.Encoding.UTF8.GetBytes(json)), 0)),
        ];
        var report = writer.Write(commands);
        Assert.Empty(report.Rejected);
        return folder;
    }
}

using Peeps.Storage.Tests.Support;
using Peeps.Wire.Messages;
using static Peeps.Storage.Tests.Support.Batches;

namespace Peeps.Storage.Tests.Writing;

public sealed class ChangeMaterializationTests : IDisposable
{
    private const string Stream = "proc:42";
    private readonly TempDatabase _db = new();

    private void Write(params Change[] changes)
    {
        using var writer = _db.OpenWriter();
        writer.Write([Received(7, Stream, changes[0].SeqNo, changes)]);
    }

    [Fact]
    public void Upserted_entity_is_stored_with_its_json_verbatim_and_the_received_time()
    {
        Write(Entity(0, "e1", "foo.send"));

        var row = Assert.Single(_db.Rows("SELECT conn_id, stream_id, entity_id, entity_json, updated_at_ns FROM entities"));
        Assert.Equal<object?>([7L, Stream, "e1", EntityJson("e1", "foo.send"), 1_000L], row);
    }

    [Fact]
    public void Upserting_an_entity_again_replaces_it()
    {
        Write(Entity(0, "e1", "old"), Entity(1, "e1", "new"));

        Assert.Equal("new", _db.Scalar("SELECT json_extract(entity_json, '$.name') FROM entities"));
        Assert.Equal(1L, _db.Scalar("SELECT count(*) FROM entities"));
    }

    [Fact]
    public void Removing_an_entity_deletes_it_its_scope_links_and_edges_on_both_sides_only()
    {
        Write(Entity(0, "a", "a"), Entity(1, "b", "b"), Entity(2, "c", "c"), Scope(3, "s", "s"),
            new UpsertEntityScopeLink(4, "a", "s"), new UpsertEntityScopeLink(5, "b", "s"),
            Edge(6, "a", "b"), Edge(7, "c", "a", "polls"), Edge(8, "b", "c"),
            new RemoveEntity(9, "a"));

        Assert.Equal<object?>(["b", "c"], _db.Rows("SELECT entity_id FROM entities ORDER BY 1").Select(r => r[0]));
        Assert.Equal<object?>(["b"], _db.Rows("SELECT entity_id FROM entity_scope_links").Select(r => r[0]));
        Assert.Equal<object?>(["b->c"], _db.Rows("SELECT src_id || '->' || dst_id FROM edges").Select(r => r[0]));
        Assert.Equal(1L, _db.Scalar("SELECT count(*) FROM scopes"));
    }

    [Fact]
    public void Upserted_scope_is_stored_and_removing_it_deletes_its_links()
    {
        Write(Entity(0, "a", "a"), Scope(1, "s1", "one"), Scope(2, "s2", "two"),
            new UpsertEntityScopeLink(3, "a", "s1"), new UpsertEntityScopeLink(4, "a", "s2"),
            new RemoveScope(5, "s1"));

        var row = Assert.Single(_db.Rows("SELECT conn_id, stream_id, scope_id, scope_json, updated_at_ns FROM scopes"));
        Assert.Equal<object?>([7L, Stream, "s2", ScopeJson("s2", "two"), 1_000L], row);
        Assert.Equal<object?>(["s2"], _db.Rows("SELECT scope_id FROM entity_scope_links").Select(r => r[0]));
        Assert.Equal(1L, _db.Scalar("SELECT count(*) FROM entities"));
    }

    [Fact]
    public void Entity_scope_link_is_inserted_refreshed_and_removed()
    {
        Write(new UpsertEntityScopeLink(0, "a", "s"), new UpsertEntityScopeLink(1, "a", "s"), new UpsertEntityScopeLink(2, "b", "s"),
            new RemoveEntityScopeLink(3, "b", "s"));

        var row = Assert.Single(_db.Rows("SELECT conn_id, stream_id, entity_id, scope_id, updated_at_ns FROM entity_scope_links"));
        Assert.Equal<object?>([7L, Stream, "a", "s", 1_000L], row);
    }

    [Fact]
    public void Edge_is_keyed_by_src_dst_and_kind_with_the_kind_as_a_quoted_json_literal()
    {
        Write(Edge(0, "a", "b"), Edge(1, "a", "b", "polls"), Edge(2, "a", "b"));

        var rows = _db.Rows("SELECT conn_id, stream_id, src_id, dst_id, kind_json, edge_json, updated_at_ns FROM edges ORDER BY kind_json");
        Assert.Equal(2, rows.Count);
        Assert.Equal<object?>([7L, Stream, "a", "b", "\"needs\"", EdgeJson("a", "b", "needs"), 1_000L], rows[0]);
        Assert.Equal("\"polls\"", rows[1][4]);
    }

    [Fact]
    public void Removing_an_edge_deletes_only_that_kind()
    {
        Write(Edge(0, "a", "b"), Edge(1, "a", "b", "polls"), new RemoveEdge(2, "a", "b", "\"needs\""));

        Assert.Equal<object?>(["\"polls\""], _db.Rows("SELECT kind_json FROM edges").Select(r => r[0]));
    }

    [Fact]
    public void Appended_event_is_keyed_by_the_change_seq_no_with_its_at_as_at_ms()
    {
        Write(Entity(0, "a", "a"), Event(1, "ev1", 1234, "a"));

        var row = Assert.Single(_db.Rows("SELECT conn_id, stream_id, seq_no, event_id, event_json, at_ms FROM events"));
        Assert.Equal<object?>([7L, Stream, 1L, "ev1", EventJson("ev1", 1234, "a"), 1234L], row);
    }

    [Fact]
    public void Unknown_change_variant_is_ignored_but_kept_in_the_batch_payload()
    {
        Write(new UnknownChange(0, "upsert_gizmo"), Entity(1, "a", "a"));

        Assert.Equal(1L, _db.Scalar("SELECT count(*) FROM entities"));
        Assert.Equal(2L, _db.Scalar("SELECT change_count FROM delta_batches"));
    }

    [Fact]
    public void Rows_of_different_connections_with_the_same_ids_are_kept_apart()
    {
        using (var writer = _db.OpenWriter())
        {
            writer.Write([Received(1, Stream, 0, Entity(0, "a", "first")), Received(2, Stream, 0, Entity(0, "a", "second"))]);
            writer.Write([Received(2, Stream, 1, new RemoveEntity(1, "a"))]);
        }

        var row = Assert.Single(_db.Rows("SELECT conn_id, json_extract(entity_json, '$.name') FROM entities"));
        Assert.Equal<object?>([1L, "first"], row);
    }

    [Fact]
    public void Empty_ids_and_stream_are_stored_as_empty_text_not_null()
    {
        using (var writer = _db.OpenWriter())
            writer.Write([Received(7, "", 0, Entity(0, "", "nameless"), Edge(1, "", "", "polls"))]);

        Assert.Equal<object?>(["", ""], Assert.Single(_db.Rows("SELECT stream_id, entity_id FROM entities")));
        Assert.Equal<object?>(["", "", ""], Assert.Single(_db.Rows("SELECT stream_id, src_id, dst_id FROM edges")));
        Assert.Equal("", _db.Scalar("SELECT stream_id FROM stream_cursors"));
    }

    [Fact]
    public void Ids_of_every_length_and_script_in_one_batch_are_each_stored_exactly()
    {
        // Ids are bound as text, one statement after another: a long id must not leave bytes behind for a shorter one.
        string[] ids = ["é", new string('x', 2000), "a", "日本語🙂", "b"];

        Write([.. ids.Select((id, i) => (Change)Entity((ulong)i, id, "n"))]);

        var stored = _db.Rows("SELECT entity_id FROM entities").Select(r => (string)r[0]!).Order(StringComparer.Ordinal);
        Assert.Equal(ids.Order(StringComparer.Ordinal), stored);
    }

    public void Dispose() => _db.Dispose();
}

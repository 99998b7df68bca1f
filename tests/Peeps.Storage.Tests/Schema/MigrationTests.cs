using Peeps.Storage.Schema;
using Peeps.Storage.Tests.Support;
using static Peeps.Storage.Tests.Support.Batches;

namespace Peeps.Storage.Tests.Schema;

public sealed class MigrationTests : IDisposable
{
    private const int Latest = 7;
    private readonly TempDatabase _db = new();

    private List<string> Names(string type) =>
        _db.Rows($"SELECT name FROM sqlite_master WHERE type = '{type}' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            .Select(r => (string)r[0]!).ToList();

    [Fact]
    public void Fresh_file_is_created_at_the_latest_version_with_the_contract_tables_and_snapshots()
    {
        var state = StoreInitializer.Initialize(_db.Options);

        Assert.Equal(Latest, state.SchemaVersion);
        Assert.Equal((long)Latest, _db.Scalar("PRAGMA user_version"));
        Assert.Equal(ReferenceDatabase.Tables.Append("snapshots").Append("stream_checkpoints").Order(StringComparer.Ordinal), Names("table"));
    }

    [Fact]
    public void Fresh_file_runs_in_wal_mode()
    {
        StoreInitializer.Initialize(_db.Options);

        Assert.Equal("wal", _db.Scalar("PRAGMA journal_mode"));
    }

    [Theory]
    [InlineData("connections", "conn_id, process_name, pid, connected_at_ns, disconnected_at_ns")]
    [InlineData("cuts", "cut_id, requested_at_ns")]
    [InlineData("cut_acks", "cut_id, conn_id, stream_id, next_seq_no, received_at_ns")]
    [InlineData("stream_cursors", "conn_id, stream_id, next_seq_no, updated_at_ns")]
    [InlineData("delta_batches", "id, conn_id, stream_id, from_seq_no, next_seq_no, truncated, compacted_before_seq_no, change_count, payload_json, received_at_ns")]
    [InlineData("entities", "conn_id, stream_id, entity_id, entity_json, updated_at_ns")]
    [InlineData("scopes", "conn_id, stream_id, scope_id, scope_json, updated_at_ns")]
    [InlineData("entity_scope_links", "conn_id, stream_id, entity_id, scope_id, updated_at_ns")]
    [InlineData("edges", "conn_id, stream_id, src_id, dst_id, kind_json, edge_json, updated_at_ns")]
    [InlineData("events", "conn_id, stream_id, seq_no, event_id, event_json, at_ms")]
    public void Contract_tables_have_exactly_the_reference_columns_in_order(string table, string columns)
    {
        StoreInitializer.Initialize(_db.Options);

        Assert.Equal(columns, string.Join(", ", _db.Rows($"SELECT name FROM pragma_table_info('{table}')").Select(r => r[0])));
    }

    [Theory]
    [InlineData("connections", "conn_id")]
    [InlineData("cuts", "cut_id")]
    [InlineData("cut_acks", "cut_id, conn_id")]
    [InlineData("stream_cursors", "conn_id, stream_id")]
    [InlineData("delta_batches", "id")]
    [InlineData("entities", "conn_id, stream_id, entity_id")]
    [InlineData("scopes", "conn_id, stream_id, scope_id")]
    [InlineData("entity_scope_links", "conn_id, stream_id, entity_id, scope_id")]
    [InlineData("edges", "conn_id, stream_id, src_id, dst_id, kind_json")]
    [InlineData("events", "conn_id, stream_id, seq_no")]
    public void Contract_tables_have_the_reference_keys(string table, string key)
    {
        StoreInitializer.Initialize(_db.Options);

        Assert.Equal(key, string.Join(", ",
            _db.Rows($"SELECT name FROM pragma_table_info('{table}') WHERE pk > 0 ORDER BY pk").Select(r => r[0])));
    }

    [Fact]
    public void Reference_database_at_version_3_is_migrated_forward_keeping_every_row()
    {
        ReferenceDatabase.Create(_db.Options.DatabasePath);
        var before = ReferenceDatabase.Tables.ToDictionary(t => t, t => _db.Rows($"SELECT * FROM {t}"));

        var state = StoreInitializer.Initialize(_db.Options);

        Assert.Equal(Latest, state.SchemaVersion);
        foreach (var table in ReferenceDatabase.Tables)
            Assert.Equal(before[table], _db.Rows($"SELECT * FROM {table}"));
        Assert.Contains("edges_by_dst", Names("index"));
        Assert.Contains("snapshots", Names("table"));
    }

    [Fact]
    public void Writer_continues_a_migrated_reference_database()
    {
        ReferenceDatabase.Create(_db.Options.DatabasePath);
        var state = StoreInitializer.Initialize(_db.Options);

        using (var writer = _db.OpenWriter())
            writer.Write([Received(state.MaxConnId + 1, "proc:1", 0, new Wire.Messages.RemoveEntity(0, "e1"))]);

        Assert.Equal(1L, _db.Scalar("SELECT count(*) FROM entities"));
        Assert.Equal(0L, _db.Scalar("SELECT count(*) FROM entities WHERE conn_id = 4"));
    }

    [Fact]
    public void Migrating_twice_changes_nothing()
    {
        StoreInitializer.Initialize(_db.Options);
        var schema = _db.Rows("SELECT sql FROM sqlite_master ORDER BY name");

        StoreInitializer.Initialize(_db.Options);

        Assert.Equal(schema, _db.Rows("SELECT sql FROM sqlite_master ORDER BY name"));
    }

    [Fact]
    public void Newer_schema_version_is_refused_with_a_clear_message_and_the_file_untouched()
    {
        ReferenceDatabase.Create(_db.Options.DatabasePath);
        _db.Execute("PRAGMA user_version = 42");

        var error = Assert.Throws<UnsupportedSchemaException>(() => StoreInitializer.Initialize(_db.Options));

        Assert.Equal(42, error.FoundVersion);
        Assert.Contains("newer", error.Message);
        Assert.Contains(_db.Options.DatabasePath, error.Message);
        Assert.Equal(42L, _db.Scalar("PRAGMA user_version"));
        Assert.Equal(1L, _db.Scalar("SELECT count(*) FROM entities"));
        Assert.DoesNotContain("snapshots", Names("table"));
    }

    [Fact]
    public void Writer_refuses_a_newer_schema_too()
    {
        _db.Execute("PRAGMA user_version = 42");

        Assert.Throws<UnsupportedSchemaException>(() => _db.OpenWriter());
    }

    [Fact]
    public void Pre_reference_schema_version_is_refused_rather_than_guessed_at()
    {
        _db.Execute("CREATE TABLE entities (x); PRAGMA user_version = 2");

        var error = Assert.Throws<UnsupportedSchemaException>(() => StoreInitializer.Initialize(_db.Options));

        Assert.Equal(2, error.FoundVersion);
        Assert.Equal(2L, _db.Scalar("PRAGMA user_version"));
    }

    public void Dispose() => _db.Dispose();
}

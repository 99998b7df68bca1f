using Peeps.Storage.Schema;
using Peeps.Storage.Tests.Support;

namespace Peeps.Storage.Tests.Schema;

/// <summary>The cascades of remove_entity and remove_scope must not scan a stream's edges or links.</summary>
public sealed class IndexUseTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public IndexUseTests() => StoreInitializer.Initialize(_db.Options);

    private string Plan(string sql) =>
        string.Join(" | ", _db.Rows($"EXPLAIN QUERY PLAN {sql}").Select(r => r[3]));

    [Theory]
    [InlineData("DELETE FROM edges WHERE conn_id = 1 AND stream_id = 'p' AND dst_id = 'a'", "edges_by_dst")]
    [InlineData("DELETE FROM edges WHERE conn_id = 1 AND stream_id = 'p' AND src_id = 'a'", "sqlite_autoindex_edges_1")]
    [InlineData("DELETE FROM entity_scope_links WHERE conn_id = 1 AND stream_id = 'p' AND scope_id = 's'", "entity_scope_links_by_scope")]
    [InlineData("DELETE FROM entity_scope_links WHERE conn_id = 1 AND stream_id = 'p' AND entity_id = 'e'", "sqlite_autoindex_entity_scope_links_1")]
    public void Cascade_deletes_search_an_index(string sql, string index)
    {
        var plan = Plan(sql);

        Assert.Contains($"USING INDEX {index}", plan);
    }

    public void Dispose() => _db.Dispose();
}

using Peeps.Storage.Reading;
using Peeps.Storage.Tests.Support;

namespace Peeps.Storage.Tests.Reading;

/// <summary>
/// Pragmas through the SQL surface: describing ones with an argument and listed ones without a value are read; any
/// other, and any listed one given a value, is refused with the authorizer's own reason (not SQLite's message).
/// </summary>
public sealed class ReadOnlyAuthorizerTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public ReadOnlyAuthorizerTests()
    {
        using var writer = _db.OpenWriter();
    }

    private Task<QueryResult> Run(string sql) => new SqlQueryExecutor(_db.Options).ExecuteAsync(sql);

    [Theory]
    [InlineData("PRAGMA user_version = 5", "PRAGMA user_version = 5 is not allowed (pragmas may only be read)")]
    [InlineData("PRAGMA application_id = 7", "PRAGMA application_id = 7 is not allowed (pragmas may only be read)")]
    [InlineData("PRAGMA cache_size", "PRAGMA cache_size is not allowed")]
    [InlineData("PRAGMA busy_timeout", "PRAGMA busy_timeout is not allowed")]
    public async Task Pragmas_off_the_list_or_given_a_value_are_refused_with_the_authorizers_reason(string sql, string reason)
    {
        var error = await Assert.ThrowsAsync<SqlQueryRejectedException>(() => Run(sql));
        Assert.Equal(reason, error.Message);
    }

    [Fact]
    public async Task A_statement_refused_for_its_action_names_the_action()
    {
        var error = await Assert.ThrowsAsync<SqlQueryRejectedException>(() => Run("DELETE FROM entities"));
        Assert.Equal("DELETE is not allowed; only reading statements may run", error.Message);
    }

    [Fact]
    public async Task A_describing_pragma_reads_the_object_it_names()
    {
        var result = await Run("PRAGMA index_list(edges)");
        Assert.Contains(result.Rows, r => (string?)r[1] == "edges_by_dst");
    }

    public void Dispose() => _db.Dispose();
}

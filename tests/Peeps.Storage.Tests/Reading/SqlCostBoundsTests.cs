using System.Diagnostics;
using Peeps.Storage.Reading;
using Peeps.Storage.Tests.Support;

namespace Peeps.Storage.Tests.Reading;

/// <summary>
/// Work done inside one SQL function call, which the time limit cannot interrupt: a value longer than the size
/// bound is refused by SQLite before it is allocated, a search over the work bound before it starts, and a function
/// off the allowlist at compile time. Guarded functions still answer exactly as SQLite's own.
/// </summary>
public sealed class SqlCostBoundsTests : IDisposable
{
    private readonly TempDatabase _db = new();

    public SqlCostBoundsTests()
    {
        using var writer = _db.OpenWriter();
    }

    public void Dispose() => _db.Dispose();

    private SqlQueryExecutor Executor(SqlQuerySettings? settings = null) => new(_db.Options, settings);

    [Theory]
    [InlineData("select length(randomblob(900000000))")]
    [InlineData("select length(zeroblob(900000000))")]
    [InlineData("select length(printf('%.*c', 900000000, 'x'))")]
    [InlineData("with recursive n(i) as (select 1 union all select i + 1 from n where i < 100) select length(group_concat(randomblob(1000000))) from n")]
    public async Task A_value_longer_than_the_size_bound_is_refused_before_it_is_built(string sql)
    {
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SqlResultTooLargeException>(() => Executor().ExecuteAsync(sql));

        Assert.Contains(SqlQuerySettings.MaxResultBytesKey, error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
    }

    [Theory]
    [InlineData("select printf('%.*c', 16000000, 'a') like '%' || printf('%.*c', 100, 'a') || 'b'", "like")]
    [InlineData("select printf('%.*c', 16000000, 'a') like '%' || printf('%.*c', 100, 'a') || 'b' escape '!'", "like")]
    [InlineData("select printf('%.*c', 16000000, 'a') glob '*' || printf('%.*c', 100, 'a') || 'b'", "glob")]
    [InlineData("select instr(zeroblob(4000000), zeroblob(100000) || x'01')", "instr")]
    [InlineData("select replace(printf('%.*c', 4000000, 'a'), printf('%.*c', 100000, 'a') || 'b', 'x')", "replace")]
    [InlineData("select trim(printf('%.*c', 4000000, 'a'), printf('%.*c', 100000, 'b') || 'a')", "trim")]
    public async Task A_search_over_the_work_bound_is_refused_before_it_starts(string sql, string function)
    {
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SqlQueryTooCostlyException>(() => Executor().ExecuteAsync(sql));

        Assert.StartsWith($"{function}()", error.Message);
        Assert.Contains(SqlQuerySettings.MaxSearchWorkKey, error.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task A_search_within_the_work_bound_runs()
    {
        var result = await Executor(new SqlQuerySettings { MaxSearchWork = 10_000 })
            .ExecuteAsync("select instr(printf('%.*c', 1000, 'a') || 'b', 'ab')");

        Assert.Equal(1000L, Assert.Single(result.Rows)[0]);
    }

    [Theory]
    [InlineData("select 'abc' like 'A_C', 'abc' like 'a%', 'x.Send' like '%.send', 'ÄB' like 'äb'")]
    [InlineData("select 'a%c' like 'a!%c' escape '!', 'abc' like 'a!%c' escape '!', null like 'a', 'a' like null")]
    [InlineData("select 'abc' glob 'a*', 'abc' glob 'A*', 'abc' glob '[a-c]?c', 'x' glob '[^x]'")]
    [InlineData("select instr('héllo', 'l'), instr(x'0001020304', x'0203'), instr('abc', ''), instr(null, 'a'), instr(12345, 34)")]
    [InlineData("select replace('aaa', 'a', ''), replace('abc', '', 'x'), replace(x'0102', x'01', x'ff'), typeof(replace(x'0102', x'01', x'ff')), replace(1.5, '.', ',')")]
    [InlineData("select trim('xxaxx', 'x'), ltrim('xxa', 'x'), rtrim('axx', 'x'), trim('  a  '), trim(x'00', 'x')")]
    public async Task Guarded_functions_answer_exactly_as_sqlite_does(string sql)
    {
        var guarded = Assert.Single((await Executor().ExecuteAsync(sql)).Rows);
        // The server's own statements run without the guard: SQLite's built-in functions.
        var builtIn = Assert.Single((await Executor().ExecuteOwnAsync(sql)).Rows);

        Assert.Equal(builtIn, guarded);
    }

    [Fact]
    public async Task A_bad_escape_is_reported_as_sqlite_reports_it()
    {
        var error = await Assert.ThrowsAsync<InvalidSqlException>(() => Executor().ExecuteAsync("select 'a' like 'a' escape 'xy'"));

        Assert.Contains("ESCAPE", error.Message);
    }

    [Theory]
    [InlineData("select fts5_source_id()", "fts5_source_id")]
    [InlineData("select sqlite_log(1, 'x')", "sqlite_log")]
    [InlineData("select geopoly_area(x'00')", "geopoly_area")]
    [InlineData("select fts3_tokenizer('x')", "fts3_tokenizer")]
    public async Task A_function_off_the_allowlist_is_refused(string sql, string function)
    {
        var error = await Assert.ThrowsAsync<SqlQueryRejectedException>(() => Executor().ExecuteAsync(sql));

        Assert.Contains(function, error.Message);
    }

    [Theory]
    [InlineData("select json_extract('{\"a\":[1,2]}', '$.a[1]'), '{\"a\":1}' ->> '$.a', datetime(0, 'unixepoch'), sqrt(4), row_number() over ()")]
    [InlineData("select count(*), group_concat(value) from json_each('[1,2,3]')")]
    public async Task Everyday_functions_are_on_the_allowlist(string sql)
    {
        Assert.Single((await Executor().ExecuteAsync(sql)).Rows);
    }
}

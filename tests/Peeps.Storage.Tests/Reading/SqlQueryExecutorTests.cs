using Peeps.Storage.Reading;
using Peeps.Storage.Tests.Support;
using static Peeps.Storage.Tests.Support.Batches;

namespace Peeps.Storage.Tests.Reading;

public sealed class SqlQueryExecutorTests : IDisposable
{
    private const string Runaway = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n) SELECT max(i) FROM n";
    private readonly TempDatabase _db = new();

    public SqlQueryExecutorTests()
    {
        using var writer = _db.OpenWriter();
        writer.Write([
            new Storage.Writing.ConnectionOpened(1, 100),
            new Storage.Writing.ConnectionIdentified(1, "worker-a", 12345),
            Received(1, "p", 0, Entity(0, "a", "first"), Entity(1, "b", "second")),
        ]);
    }

    private SqlQueryExecutor Executor(SqlQuerySettings? settings = null) => new(_db.Options, settings);

    [Fact]
    public async Task Select_returns_columns_and_rows_in_order()
    {
        var result = await Executor().ExecuteAsync("select conn_id, process_name, pid from connections order by conn_id");

        Assert.Equal(["conn_id", "process_name", "pid"], result.Columns);
        Assert.Equal<object?>([1L, "worker-a", 12345L], Assert.Single(result.Rows));
        Assert.Equal(1, result.RowCount);
    }

    [Fact]
    public async Task Values_are_integers_reals_strings_nulls_and_blobs_as_base64()
    {
        var result = await Executor().ExecuteAsync("SELECT 1, 2.5, 'x', NULL, x'00ff10'");

        Assert.Equal<object?>([1L, 2.5, "x", null, "AP8Q"], Assert.Single(result.Rows));
    }

    [Fact]
    public async Task Json_functions_work_on_stored_entities()
    {
        var result = await Executor().ExecuteAsync(
            "SELECT json_extract(entity_json, '$.name') FROM entities ORDER BY 1");

        Assert.Equal<object?>(["first", "second"], result.Rows.Select(r => r[0]));
    }

    [Theory]
    [InlineData("SELECT key FROM json_each('{\"a\":1}')")]
    [InlineData("SELECT name FROM pragma_table_info('edges') LIMIT 1")]
    [InlineData("PRAGMA table_info(entities)")]
    [InlineData("PRAGMA user_version")]
    [InlineData("SELECT name FROM sqlite_master WHERE type = 'table'")]
    [InlineData("WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5) SELECT i FROM n")]
    [InlineData("SELECT 1; ")]
    [InlineData("SELECT 1; -- trailing comment")]
    public async Task Reading_statements_are_allowed(string sql)
    {
        var result = await Executor().ExecuteAsync(sql);

        Assert.NotEmpty(result.Rows);
    }

    [Theory]
    [InlineData("DELETE FROM entities")]
    [InlineData("INSERT INTO cuts VALUES ('cut:9', 1)")]
    [InlineData("UPDATE connections SET pid = 1")]
    [InlineData("DROP TABLE entities")]
    [InlineData("CREATE TABLE t (x)")]
    [InlineData("CREATE TEMP TABLE t (x)")]
    [InlineData("ATTACH DATABASE ':memory:' AS other")]
    [InlineData("DETACH DATABASE main")]
    [InlineData("BEGIN")]
    [InlineData("BEGIN IMMEDIATE")]
    [InlineData("COMMIT")]
    [InlineData("SAVEPOINT s")]
    [InlineData("PRAGMA writable_schema = ON")]
    [InlineData("PRAGMA user_version = 99")]
    [InlineData("PRAGMA query_only = OFF")]
    [InlineData("PRAGMA journal_mode = DELETE")]
    [InlineData("SELECT load_extension('/tmp/evil.so')")]
    [InlineData("VACUUM")]
    [InlineData("VACUUM INTO '/tmp/peeps-copy.sqlite'")]
    [InlineData("ANALYZE")]
    [InlineData("SELECT 1; DELETE FROM entities")]
    [InlineData("SELECT 1; SELECT 2")]
    public async Task Statements_other_than_reading_are_rejected(string sql)
    {
        await Assert.ThrowsAsync<SqlQueryRejectedException>(() => Executor().ExecuteAsync(sql));

        Assert.Equal(2L, _db.Scalar("SELECT count(*) FROM entities"));
    }

    [Fact]
    public async Task Vacuum_into_writes_no_file()
    {
        var target = Path.Combine(Path.GetDirectoryName(_db.Options.DatabasePath)!, "copy.sqlite");

        await Assert.ThrowsAsync<SqlQueryRejectedException>(() => Executor().ExecuteAsync($"VACUUM INTO '{target}'"));

        Assert.False(File.Exists(target));
    }

    [Fact]
    public async Task Rejection_message_names_what_was_refused()
    {
        var error = await Assert.ThrowsAsync<SqlQueryRejectedException>(
            () => Executor().ExecuteAsync("SELECT load_extension('x')"));

        Assert.Contains("load_extension", error.Message);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n ")]
    [InlineData("-- just a comment")]
    public async Task Empty_sql_is_its_own_error(string sql)
    {
        await Assert.ThrowsAsync<EmptySqlQueryException>(() => Executor().ExecuteAsync(sql));
    }

    [Theory]
    [InlineData("SELEC 1")]
    [InlineData("SELECT * FROM no_such_table")]
    [InlineData("SELECT json_extract('{not json', '$.a')")]
    public async Task Invalid_sql_reports_sqlites_message(string sql)
    {
        var error = await Assert.ThrowsAsync<InvalidSqlException>(() => Executor().ExecuteAsync(sql));

        Assert.False(string.IsNullOrWhiteSpace(error.Message));
    }

    [Fact]
    public async Task Runaway_recursive_query_is_interrupted_at_the_time_limit_and_the_executor_still_works()
    {
        var executor = Executor(new SqlQuerySettings { TimeLimit = TimeSpan.FromMilliseconds(300) });
        var started = System.Diagnostics.Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<SqlQueryTimeoutException>(() => executor.ExecuteAsync(Runaway));

        Assert.InRange(started.Elapsed, TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(5));
        Assert.Equal("query exceeded the 300 ms time limit", error.Message);
        Assert.Equal(2, (await executor.ExecuteAsync("SELECT * FROM entities")).RowCount);
    }

    [Fact]
    public async Task Cancellation_stops_a_running_query()
    {
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Executor().ExecuteAsync(Runaway, cancellation.Token));
    }

    [Fact]
    public async Task A_result_with_more_rows_than_the_bound_is_refused_naming_the_bound_and_its_setting()
    {
        var executor = Executor(new SqlQuerySettings { MaxRows = 10 });

        var error = await Assert.ThrowsAsync<SqlResultTooLargeException>(() => executor.ExecuteAsync(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 11) SELECT i FROM n"));

        Assert.Equal((SqlQuerySettings.MaxRowsKey, 10L), (error.Setting, error.Limit));
        Assert.Contains("more than 10 rows", error.Message);
        Assert.Contains("Peeps:Sql:MaxRows", error.Message);
        Assert.Contains("add a LIMIT", error.Message);
    }

    [Fact]
    public async Task Exactly_the_row_bound_is_answered_in_full()
    {
        var result = await Executor(new SqlQuerySettings { MaxRows = 2 }).ExecuteAsync("SELECT * FROM entities");

        Assert.Equal(2, result.RowCount);
    }

    [Fact]
    public async Task A_result_over_the_byte_bound_is_refused_naming_the_bound_and_its_setting()
    {
        var executor = Executor(new SqlQuerySettings { MaxResultBytes = 4096 });

        var error = await Assert.ThrowsAsync<SqlResultTooLargeException>(() => executor.ExecuteAsync(
            "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3) SELECT i, zeroblob(2000) FROM n"));

        Assert.Equal((SqlQuerySettings.MaxResultBytesKey, 4096L), (error.Setting, error.Limit));
        Assert.Contains("larger than 4096 bytes", error.Message);
        Assert.Contains("Peeps:Sql:MaxResultBytes", error.Message);
        Assert.Contains("add a LIMIT", error.Message);
    }

    [Fact]
    public async Task Values_are_charged_at_their_sent_size_so_a_result_under_the_byte_bound_passes()
    {
        // 3000 blob bytes are 4000 base64 characters; three rows of them plus overheads fit 12 KiB, four do not.
        var executor = Executor(new SqlQuerySettings { MaxResultBytes = 12 * 1024 });
        const string Rows = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {0}) SELECT i, zeroblob(3000) FROM n";

        Assert.Equal(3, (await executor.ExecuteAsync(string.Format(Rows, 3))).RowCount);
        await Assert.ThrowsAsync<SqlResultTooLargeException>(() => executor.ExecuteAsync(string.Format(Rows, 4)));
    }

    [Fact]
    public async Task A_single_text_value_over_the_byte_bound_is_refused_before_it_is_copied()
    {
        var executor = Executor(new SqlQuerySettings { MaxResultBytes = 1024 * 1024 });

        await Assert.ThrowsAsync<SqlResultTooLargeException>(() => executor.ExecuteAsync("SELECT hex(zeroblob(1000000))"));
    }

    [Theory]
    [InlineData("SELECT 1e999", "infinity")]
    [InlineData("SELECT -1e999", "minus infinity")]
    [InlineData("SELECT 1e999 - 1e999", "NaN computed in SQL")]
    public async Task Non_finite_reals_come_back_as_null(string sql, string what)
    {
        var result = await Executor().ExecuteAsync(sql);

        Assert.True(Assert.Single(Assert.Single(result.Rows)) is null, what);
    }

    [Fact]
    public async Task Query_waiting_longer_than_the_queue_timeout_for_a_slot_is_refused_as_busy()
    {
        var executor = Executor(new SqlQuerySettings
        {
            MaxConcurrentQueries = 1,
            TimeLimit = TimeSpan.FromMinutes(5),
            QueueTimeout = TimeSpan.FromMilliseconds(100),
        });
        // A free slot is taken before ExecuteAsync returns, and only the cancellation below releases it, so a slow
        // machine cannot let the runaway time out before the second query asks.
        using var stop = new CancellationTokenSource();
        var slow = executor.ExecuteAsync(Runaway, stop.Token);

        await Assert.ThrowsAsync<SqlQueryBusyException>(() => executor.ExecuteAsync("SELECT 1"));

        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => slow);
        Assert.Single((await executor.ExecuteAsync("SELECT 1")).Rows);
    }

    [Fact]
    public async Task Queries_see_rows_committed_after_the_executor_was_created()
    {
        var executor = Executor();
        using (var writer = _db.OpenWriter())
            writer.Write([Received(2, "q", 0, Entity(0, "c", "third"))]);

        Assert.Equal(3, (await executor.ExecuteAsync("SELECT * FROM entities")).RowCount);
    }

    public void Dispose() => _db.Dispose();
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Peeps.EndToEnd.Tests.Api;

public sealed class SqlEndpointTests : IAsyncLifetime
{
    private PeepsServer _server = null!;

    public async Task InitializeAsync() => _server = await PeepsServer.StartAsync(settings:
        ["Peeps:Sql:MaxRows=3", "Peeps:Sql:MaxResultBytes=4096", "Peeps:Sql:TimeLimit=00:00:00.300"]);

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    private async Task<(HttpStatusCode Status, string ContentType, JsonElement Body)> PostAsync(string path, string json)
    {
        using var response = await _server.Http.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return (response.StatusCode, response.Content.Headers.ContentType!.MediaType!, body);
    }

    [Fact]
    public async Task A_read_answers_with_columns_rows_and_row_count()
    {
        var (status, _, body) = await PostAsync("/api/sql", """{"sql":"select 1 as one, 'two' as two, 2.5 as three, null as four"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"columns":["one","two","three","four"],"rows":[[1,"two",2.5,null]],"row_count":1}""", body.GetRawText());
    }

    [Theory]
    [InlineData("""{"sql":"delete from entities"}""")]
    [InlineData("""{"sql":"insert into cuts values ('cut:99', 1)"}""")]
    [InlineData("""{"sql":"attach database '/tmp/x.sqlite' as x"}""")]
    [InlineData("""{"sql":"pragma user_version = 99"}""")]
    [InlineData("""{"sql":"select 1; select 2"}""")]
    [InlineData("""{"sql":"vacuum into '/tmp/copy.sqlite'"}""")]
    [InlineData("""{"sql":"select load_extension('x')"}""")]
    [InlineData("""{"sql":""}""")]
    [InlineData("""{"sql":"selec nonsense"}""")]
    [InlineData("""{"sql": 12}""")]
    [InlineData("""not json""")]
    public async Task Anything_but_one_read_only_statement_is_a_400_problem_with_an_error_member(string request)
    {
        var (status, contentType, body) = await PostAsync("/api/sql", request);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("application/problem+json", contentType);
        Assert.Equal(400, body.GetProperty("status").GetInt32());
        Assert.False(string.IsNullOrWhiteSpace(body.GetProperty("error").GetString()));
        Assert.Equal(body.GetProperty("detail").GetString(), body.GetProperty("error").GetString());
    }

    /// <summary>
    /// A 400 alone would not show the authorizer at work: without it SQLite still refuses ATTACH (attached-database
    /// limit 0) and load_extension (extension loading off), with its own words. The authorizer's reason is the proof.
    /// </summary>
    [Theory]
    [InlineData("attach database '/tmp/x.sqlite' as x", "ATTACH is not allowed; only reading statements may run")]
    [InlineData("select load_extension('x')", "function load_extension() is not allowed")]
    [InlineData("pragma user_version = 99", "PRAGMA user_version = 99 is not allowed (pragmas may only be read)")]
    public async Task Attach_extension_loading_file_reads_and_pragma_writes_are_refused_by_the_authorizer_which_names_them(string sql, string reason)
    {
        var (status, _, body) = await PostAsync("/api/sql", JsonSerializer.Serialize(new { sql }));

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(reason, body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task A_result_over_the_row_bound_is_a_422_naming_the_bound_its_setting_and_the_fix()
    {
        var (status, contentType, body) = await PostAsync("/api/sql", """{"sql":"with recursive n(i) as (select 1 union all select i + 1 from n where i < 10) select i from n"}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("application/problem+json", contentType);
        var error = body.GetProperty("error").GetString()!;
        Assert.Equal("the result has more than 3 rows, the row bound (Peeps:Sql:MaxRows = 3); add a LIMIT to the query", error);
        Assert.Equal(error, body.GetProperty("detail").GetString());
        Assert.False(body.TryGetProperty("rows", out _));
    }

    [Fact]
    public async Task Exactly_the_row_bound_is_answered_in_full_without_extra_members()
    {
        var (status, _, body) = await PostAsync("/api/sql", """{"sql":"select 1 union all select 2 union all select 3"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"columns":["1"],"rows":[[1],[2],[3]],"row_count":3}""", body.GetRawText());
    }

    [Fact]
    public async Task A_result_over_the_byte_bound_is_a_422_naming_the_bound_its_setting_and_the_fix()
    {
        // Two rows, each value under the bound (a longer one is refused by SQLite's length limit, with its own message).
        var (status, contentType, body) = await PostAsync("/api/sql",
            """{"sql":"select hex(zeroblob(1100)) union all select hex(zeroblob(1100))"}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Equal("application/problem+json", contentType);
        var error = body.GetProperty("error").GetString()!;
        Assert.Contains("larger than 4096 bytes", error);
        Assert.Contains("Peeps:Sql:MaxResultBytes = 4096", error);
        Assert.Contains("add a LIMIT", error);
        Assert.Equal("urn:peeps:problem:sql-result-too-large", body.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_result_refused_for_its_size_is_counted_as_too_large_not_as_a_timeout()
    {
        await PostAsync("/api/sql", """{"sql":"select hex(zeroblob(3000))"}""");

        using var response = await _server.Http.GetAsync("/metrics");
        var metrics = await response.Content.ReadAsStringAsync();
        Assert.Contains("peeps_sql_queries_total{endpoint=\"sql\",outcome=\"too_large\"} 1\n", metrics);
        Assert.DoesNotContain("outcome=\"timeout\"", metrics);
    }

    [Fact]
    public async Task A_pack_limit_above_the_row_bound_is_a_400_rather_than_a_shorter_list()
    {
        var (status, _, body) = await PostAsync("/api/query", """{"name":"blockers","limit":4}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal("query pack limit must be between 1 and 3 (the row bound, Peeps:Sql:MaxRows), got 4", body.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Non_finite_reals_are_answered_as_null_instead_of_failing_the_request()
    {
        var (status, _, body) = await PostAsync("/api/sql", """{"sql":"select 1e999 as inf, -1e999 as neg_inf, 2.5 as finite"}""");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("""{"columns":["inf","neg_inf","finite"],"rows":[[null,null,2.5]],"row_count":1}""", body.GetRawText());
    }

    [Fact]
    public async Task A_runaway_query_is_stopped_at_the_time_bound_with_a_clear_error()
    {
        var (status, _, body) = await PostAsync("/api/sql", """{"sql":"with recursive n(i) as (select 1 union all select i + 1 from n) select count(*) from n"}""");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("time limit", body.GetProperty("error").GetString());
        Assert.Equal("urn:peeps:problem:sql-timeout", body.GetProperty("type").GetString());
        var (after, _, _) = await PostAsync("/api/sql", """{"sql":"select 1"}""");
        Assert.Equal(HttpStatusCode.OK, after);
    }

    [Fact]
    public async Task An_unknown_query_pack_is_a_400_listing_the_valid_names()
    {
        var (status, _, body) = await PostAsync("/api/query", """{"name":"nope"}""");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        var error = body.GetProperty("error").GetString()!;
        foreach (var pack in new[] { "blockers", "blocked-senders", "blocked-receivers", "stalled-sends", "channel-pressure", "channel-health", "scope-membership", "stale-blockers" })
            Assert.Contains(pack, error);
    }
}

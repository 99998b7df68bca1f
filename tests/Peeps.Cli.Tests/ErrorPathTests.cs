namespace Peeps.Cli.Tests;

public sealed class ErrorPathTests
{
    [Fact]
    public async Task Connection_refused_prints_one_line_and_exits_non_zero()
    {
        var run = await CliRun.RunAsync("connections", "--url", "http://127.0.0.1:9");

        Assert.NotEqual(0, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.Contains("connection refused", line);
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public async Task Problem_response_prints_the_servers_error_member()
    {
        using var server = new FakeHttpServer(_ => (400, "application/problem+json",
            """{"type":"about:blank","title":"Bad Request","status":400,"error":"only read-only statements are allowed"}"""));

        var run = await CliRun.RunAsync("sql", "delete from entities", "--url", server.Url);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.Contains("only read-only statements are allowed", line);
        Assert.Contains("400", line);
    }

    [Fact]
    public async Task Error_without_a_json_body_prints_the_status()
    {
        using var server = new FakeHttpServer(_ => (502, "text/plain", "bad gateway"));

        var run = await CliRun.RunAsync("connections", "--url", server.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("502", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task Unexpected_success_body_is_reported_not_thrown()
    {
        using var server = new FakeHttpServer(_ => (200, "text/html", "<html>not peeps</html>"));

        var run = await CliRun.RunAsync("connections", "--url", server.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("unexpected response", Assert.Single(run.ErrorLines));
    }

    [Theory]
    [InlineData("query", "blockers", "--format", "xml")]
    [InlineData("query", "blockers", "--limit", "many")]
    [InlineData("query", "blockers", "--limit", "0")]
    [InlineData("sql")]
    [InlineData("frobnicate")]
    [InlineData("cut", "--timeout-ms", "-5")]
    [InlineData("cut", "--timeout-ms", "2147483647")]
    [InlineData("cut", "--poll-ms", "86400001")]
    [InlineData("snapshot", "--timeout-ms", "99999999999")]
    [InlineData("sim", "--duration", "1e300")]
    [InlineData("sim", "--rate", "1e12")]
    [InlineData("sim", "--processes", "2147483647")]
    [InlineData("sim", "--silent", "abc")]
    [InlineData("sim", "--url-tcp", "no-port-here")]
    [InlineData("sim", "--processes", "2", "--silent", "2", "--slow", "1")]
    [InlineData("sim", "--scenario", "deadlock")]
    [InlineData("sim", "--processes", "0")]
    public async Task Bad_arguments_print_one_line_and_exit_non_zero(params string[] args)
    {
        var run = await CliRun.RunAsync(args);

        Assert.Equal(2, run.ExitCode);
        Assert.Single(run.ErrorLines);
        Assert.StartsWith("peeps: ", run.Error);
    }

    [Fact]
    public async Task Invalid_url_prints_one_line()
    {
        var run = await CliRun.RunAsync("connections", "--url", "ftp://example");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("invalid --url", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task Invalid_PEEPS_URL_is_reported_as_the_environment_variable()
    {
        var run = await CliRun.RunWithEnvironmentAsync(new Dictionary<string, string> { ["PEEPS_URL"] = "ftp://example" }, "connections");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("peeps: invalid $PEEPS_URL 'ftp://example': expected an http:// or https:// address", Assert.Single(run.ErrorLines));
    }

    [Theory]
    [InlineData("connections", """{"connected_processes":1}""")]
    [InlineData("connections", """{"connected_processes":1,"processes":[null]}""")]
    [InlineData("connections", """{"connected_processes":1,"processes":[{"conn_id":1,"process_name":null,"pid":2}]}""")]
    [InlineData("sql", """{"columns":["a"],"rows":[[1,2]],"row_count":1}""")]
    [InlineData("sql", """{"columns":["a"],"rows":[null],"row_count":1}""")]
    [InlineData("sql", """{"columns":["a"],"row_count":0}""")]
    [InlineData("cut", """{"requested_connections":1}""")]
    [InlineData("snapshot", """{"captured_at_unix_ms":1,"processes":[{"process_id":1,"process_name":"a","pid":1,"ptime_now_ms":1}],"timed_out_processes":[]}""")]
    public async Task Response_missing_required_fields_is_one_unexpected_response_line(string command, string body)
    {
        using var server = new FakeHttpServer(_ => FakeHttpServer.Json(body));
        string[] args = command == "sql" ? ["sql", "select 1"] : [command];

        var run = await CliRun.RunAsync([.. args, "--url", server.Url]);

        Assert.Equal(1, run.ExitCode);
        Assert.StartsWith("peeps: unexpected response from the server", Assert.Single(run.PeepsLines));
        Assert.DoesNotContain("   at ", run.Error);
    }

    [Fact]
    public async Task Multi_line_server_error_is_printed_on_one_line()
    {
        using var server = new FakeHttpServer(_ => (422, "application/problem+json",
            """{"title":"Unprocessable Entity","status":422,"error":"the result has more rows than allowed\nadd a LIMIT"}"""));

        var run = await CliRun.RunAsync("sql", "select * from entities", "--url", server.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("peeps: server error (422 UnprocessableEntity): the result has more rows than allowed add a LIMIT", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task Unexpected_exception_becomes_one_peeps_line_and_exit_code_1()
    {
        var error = new StringWriter();
        var cli = new CliContext(TextWriter.Null, error, Spectre.Console.AnsiConsole.Create(new Spectre.Console.AnsiConsoleSettings()), _ => null);

        var code = await cli.RunAsync(() => throw new InvalidOperationException("first line\nsecond line"));

        Assert.Equal(1, code);
        Assert.Equal("peeps: unexpected error (InvalidOperationException): first line second line", error.ToString().TrimEnd());
    }
}

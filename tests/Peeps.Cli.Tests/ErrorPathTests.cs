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
    [InlineData("sim", "--url-tcp", "no-port-here")]
    [InlineData("sim", "--processes", "2", "--silent", "2", "--slow", "1")]
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
}

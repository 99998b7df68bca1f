namespace Peeps.Cli.Tests.EndToEnd;

/// <summary>The CLI against a real server started with <c>Peeps:ApiKey</c>: the key goes where the server looks for it.</summary>
public sealed class ApiKeyCommandTests : IAsyncLifetime
{
    private const string Key = "cli-test-key-7f3a";

    private PeepsServer _server = null!;
    private RuntimeClient _runtime = null!;

    private string Url => _server.HttpBase.ToString().TrimEnd('/');

    public async Task InitializeAsync()
    {
        _server = await PeepsServer.StartAsync(null, $"Peeps:ApiKey={Key}");
        _server.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Key);
        _runtime = _server.Connect();
        await _runtime.HandshakeAsync("keyed-worker", 4242);
        await Eventually.Until(() => _server.CountAsync("select count(*) from connections where process_name = 'keyed-worker'"), n => n == 1);
    }

    public async Task DisposeAsync()
    {
        _runtime.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Without_a_key_the_command_fails_with_one_line_saying_how_to_pass_it()
    {
        var run = await CliRun.RunAsync("connections", "--url", Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("peeps: the server requires an API key: pass --api-key or set PEEPS_API_KEY", Assert.Single(run.ErrorLines));
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Api_key_option_is_accepted_by_the_server()
    {
        var run = await CliRun.RunAsync("connections", "--api-key", Key, "--url", Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("4242", Assert.Single(run.OutputLines, l => l.Contains("keyed-worker")));
    }

    [Fact]
    public async Task PEEPS_API_KEY_is_used_when_no_option_is_given()
    {
        var run = await CliRun.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["PEEPS_API_KEY"] = Key, ["PEEPS_URL"] = Url },
            "sql", "select process_name from connections", "--format", "csv");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(["process_name", "keyed-worker"], run.OutputLines);
    }

    [Fact]
    public async Task A_wrong_key_is_reported_as_rejected()
    {
        var run = await CliRun.RunAsync("cut", "--api-key", "not-the-key", "--url", Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("peeps: the server rejected the API key: check --api-key or PEEPS_API_KEY", Assert.Single(run.ErrorLines));
    }
}

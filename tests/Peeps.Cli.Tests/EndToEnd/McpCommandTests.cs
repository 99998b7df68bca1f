using System.Text.Json;

namespace Peeps.Cli.Tests.EndToEnd;

/// <summary><c>peeps mcp</c> against real servers: the snippet names the server's endpoint and key, or says why it cannot.</summary>
public sealed class McpCommandTests
{
    [Fact]
    public async Task For_a_server_with_mcp_on_it_prints_the_endpoint_and_the_keys_header()
    {
        await using var server = await PeepsServer.StartAsync(null, "Peeps:Mcp:Enabled=true", "Peeps:ApiKey=k-123");
        var url = server.HttpBase.ToString().TrimEnd('/');

        var run = await CliRun.RunAsync("mcp", "--url", url, "--api-key", "k-123");

        Assert.Equal(0, run.ExitCode);
        var json = run.Output[..(run.Output.IndexOf("\n\n", StringComparison.Ordinal))];
        var peeps = JsonDocument.Parse(json).RootElement.GetProperty("mcpServers").GetProperty("peeps");
        Assert.Equal($"{url}/mcp", peeps.GetProperty("url").GetString());
        Assert.Equal("Bearer k-123", peeps.GetProperty("headers").GetProperty("Authorization").GetString());
        Assert.Contains($"claude mcp add --transport http peeps {url}/mcp --header \"Authorization: Bearer k-123\"", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task For_a_server_without_mcp_it_says_how_to_turn_it_on()
    {
        await using var server = await PeepsServer.StartAsync();

        var run = await CliRun.RunAsync("mcp", "--url", server.HttpBase.ToString());

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("--Peeps:Mcp:Enabled=true", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        Assert.Empty(run.Output);
    }
}

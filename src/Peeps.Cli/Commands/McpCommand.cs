using System.CommandLine;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Peeps.Cli.Commands;

/// <summary>
/// <c>peeps mcp</c>: the configuration a coding agent needs to reach the server's MCP endpoint, printed for the
/// server the other commands talk to (its URL, and the key's header when one is set). It checks the endpoint first,
/// so a server started without <c>Peeps:Mcp:Enabled</c> is said at once rather than when the agent fails.
/// </summary>
public static class McpCommand
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create(CliContext cli)
    {
        var command = new Command("mcp", "Print the MCP client configuration for this server (for coding agents)");
        command.SetAction((parse, ct) => cli.RunAsync(async () =>
        {
            var (baseUrl, apiKey) = cli.Server(parse);
            using var client = cli.Client(parse, TimeSpan.FromSeconds(10));
            var status = await client.ProbeMcpAsync(ct);
            if (status == HttpStatusCode.NotFound)
            {
                await cli.WriteErrorAsync($"{baseUrl} has no MCP endpoint: start peeps-web with --Peeps:Mcp:Enabled=true (or Peeps__Mcp__Enabled=true)");
                return ExitCodes.Failure;
            }
            if (status == HttpStatusCode.Unauthorized)
            {
                await cli.WriteErrorAsync("the server requires an API key: pass --api-key or set $PEEPS_API_KEY");
                return ExitCodes.Failure;
            }
            var url = new Uri(baseUrl, "mcp").ToString();
            var server = new JsonObject { ["type"] = "http", ["url"] = url };
            if (apiKey is not null) server["headers"] = new JsonObject { ["Authorization"] = $"Bearer {apiKey}" };
            var config = new JsonObject { ["mcpServers"] = new JsonObject { ["peeps"] = server } };
            await cli.Output.WriteLineAsync(config.ToJsonString(Indented));
            await cli.Output.WriteLineAsync();
            await cli.Output.WriteLineAsync("# or, for Claude Code:");
            await cli.Output.WriteLineAsync($"claude mcp add --transport http peeps {url}{(apiKey is null ? "" : $" --header \"Authorization: Bearer {apiKey}\"")}");
            return 0;
        }));
        return command;
    }
}

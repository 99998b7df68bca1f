using System.CommandLine;
using Peeps.Cli.Output;

namespace Peeps.Cli.Commands;

/// <summary><c>peeps query &lt;pack&gt;</c>: one of the server's canonical query packs.</summary>
public static class QueryCommand
{
    public static Command Create(CliContext cli)
    {
        var pack = new Argument<string>("pack") { Description = "Query pack: blockers, blocked-senders, blocked-receivers, stalled-sends, channel-pressure, channel-health, scope-membership, stale-blockers; and deadlocks, wait-chains, blockers-by-process" };
        var limit = NumberOptions.Positive("--limit", "Maximum rows", 50);
        var format = FormatOption.Create();
        var command = new Command("query", "Run a named query pack") { pack, limit, format };
        command.SetAction((parse, ct) => cli.RunAsync(async () =>
        {
            using var client = cli.Client(parse, TimeSpan.FromSeconds(60));
            var result = await client.QueryAsync(parse.GetValue(pack)!, parse.GetValue(limit), ct);
            ResultWriter.Write(result, parse.GetValue(format), cli.Console, cli.Output);
            return 0;
        }));
        return command;
    }
}

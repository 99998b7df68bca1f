using System.CommandLine;
using Peeps.Cli.Output;

namespace Peeps.Cli.Commands;

/// <summary>
/// <c>peeps query &lt;pack&gt;</c>: one of the server's canonical query packs, as a table (or <c>--format</c>).
/// Upstream's form, <c>peeps query --name &lt;pack&gt;</c>, prints the server's JSON answer as upstream's CLI does.
/// </summary>
public static class QueryCommand
{
    private const string Names = "blockers, blocked-senders, blocked-receivers, stalled-sends, channel-pressure, channel-health, scope-membership, stale-blockers; and deadlocks, wait-chains, blockers-by-process";

    public static Command Create(CliContext cli)
    {
        var pack = new Argument<string?>("pack") { Description = $"Query pack: {Names}", Arity = ArgumentArity.ZeroOrOne };
        var upstreamName = new Option<string?>("--name") { Description = "The pack, upstream's way: prints the server's JSON answer" };
        var limit = NumberOptions.Positive("--limit", "Maximum rows", 50);
        var format = FormatOption.Create();
        var command = new Command("query", "Run a named query pack") { pack, upstreamName, limit, format };
        command.Validators.Add(result =>
        {
            var given = (result.GetValue(pack) is not null ? 1 : 0) + (result.GetValue(upstreamName) is not null ? 1 : 0);
            if (given != 1) result.AddError($"give the pack once: peeps query <pack> or peeps query --name <pack> ({Names})");
        });
        command.SetAction((parse, ct) => cli.RunAsync(async () =>
        {
            using var client = cli.Client(parse, TimeSpan.FromSeconds(60));
            var upstream = parse.GetValue(upstreamName);
            var (result, raw) = await client.QueryAsync(upstream ?? parse.GetValue(pack)!, parse.GetValue(limit), ct);
            if (upstream is not null) PrettyJson.Write(raw, cli.Output);
            else ResultWriter.Write(result, parse.GetValue(format), cli.Console, cli.Output);
            return 0;
        }));
        return command;
    }
}

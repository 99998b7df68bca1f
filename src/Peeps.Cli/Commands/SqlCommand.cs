using System.CommandLine;
using Peeps.Cli.Output;

namespace Peeps.Cli.Commands;

/// <summary>
/// <c>peeps sql "&lt;query&gt;"</c>: one read-only statement against the server's SQLite database, as a table (or
/// <c>--format</c>). Upstream's form, <c>peeps sql --query "&lt;query&gt;"</c>, prints the server's JSON answer as
/// upstream's CLI does.
/// </summary>
public static class SqlCommand
{
    public static Command Create(CliContext cli)
    {
        var query = new Argument<string?>("query") { Description = "A read-only SQL statement", Arity = ArgumentArity.ZeroOrOne };
        var upstreamQuery = new Option<string?>("--query") { Description = "The statement, upstream's way: prints the server's JSON answer" };
        var format = FormatOption.Create();
        var command = new Command("sql", "Run a read-only SQL query on the server's database") { query, upstreamQuery, format };
        command.Validators.Add(result =>
        {
            var given = (result.GetValue(query) is not null ? 1 : 0) + (result.GetValue(upstreamQuery) is not null ? 1 : 0);
            if (given != 1) result.AddError("give the statement once: peeps sql \"<query>\" or peeps sql --query \"<query>\"");
        });
        command.SetAction((parse, ct) => cli.RunAsync(async () =>
        {
            using var client = cli.Client(parse, TimeSpan.FromSeconds(60));
            var upstream = parse.GetValue(upstreamQuery);
            var (result, raw) = await client.SqlAsync(upstream ?? parse.GetValue(query)!, ct);
            if (upstream is not null) PrettyJson.Write(raw, cli.Output);
            else ResultWriter.Write(result, parse.GetValue(format), cli.Console, cli.Output);
            return 0;
        }));
        return command;
    }
}

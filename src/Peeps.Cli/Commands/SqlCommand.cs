using System.CommandLine;
using Peeps.Cli.Output;

namespace Peeps.Cli.Commands;

/// <summary><c>peeps sql "&lt;query&gt;"</c>: one read-only statement against the server's SQLite database.</summary>
public static class SqlCommand
{
    public static Command Create(CliContext cli)
    {
        var query = new Argument<string>("query") { Description = "A read-only SQL statement" };
        var format = FormatOption.Create();
        var command = new Command("sql", "Run a read-only SQL query on the server's database") { query, format };
        command.SetAction((parse, ct) => cli.RunAsync(async () =>
        {
            using var client = cli.Client(parse, TimeSpan.FromSeconds(60));
            var result = await client.SqlAsync(parse.GetValue(query)!, ct);
            ResultWriter.Write(result, parse.GetValue(format), cli.Console, cli.Output);
            return 0;
        }));
        return command;
    }
}

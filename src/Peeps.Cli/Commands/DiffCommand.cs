using System.CommandLine;
using Peeps.Cli.Output;

namespace Peeps.Cli.Commands;

/// <summary><c>peeps diff A B</c>: what changed between two stored snapshots, and what is stuck rather than slow.</summary>
public static class DiffCommand
{
    public static Command Create(CliContext cli)
    {
        var from = new Argument<long>("from") { Description = "The earlier snapshot id (see GET /api/snapshots)" };
        var to = new Argument<long>("to") { Description = "The later snapshot id" };
        var limit = NumberOptions.Positive("--limit", "Items printed per list", 20);
        var format = ReportFormatOption.Create();
        var command = new Command("diff", "Compare two stored snapshots: entities and waits that appeared or went, and waits still blocked")
        {
            from, to, limit, format,
        };
        command.SetAction((parse, ct) => cli.RunAsync(async () =>
        {
            using var client = cli.Client(parse, TimeSpan.FromSeconds(60));
            var (diff, raw) = await client.DiffAsync(parse.GetValue(from), parse.GetValue(to), ct);
            if (parse.GetValue(format) == ReportFormat.Json) await cli.Output.WriteLineAsync(raw);
            else DiffWriter.Write(diff, parse.GetValue(limit), cli.Console);
            return ExitCodes.Success;
        }));
        return command;
    }
}

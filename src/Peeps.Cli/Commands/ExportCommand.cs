using System.CommandLine;
using Peeps.Cli.Time;
using Spectre.Console;

namespace Peeps.Cli.Commands;

/// <summary><c>peeps export</c>: a consistent copy of the server's database (<c>GET /api/db</c>), for <c>peeps-web --db</c>.</summary>
public static class ExportCommand
{
    public static Command Create(CliContext cli)
    {
        var output = new Option<FileInfo>("--out") { Description = "The file to write the copy to (replaced if it exists)", Required = true };
        var since = InstantOption.CreateOptional("--since", "Keep only history from this instant on");
        var until = InstantOption.CreateOptional("--until", "Keep only history up to this instant");
        var timeoutMs = NumberOptions.Milliseconds("--timeout-ms", "HTTP timeout in ms (copying a large database takes a while)", 600_000);
        var command = new Command("export", "Download a copy of the server's database, optionally of a time range only") { output, since, until, timeoutMs };
        command.SetAction((parse, ct) => cli.RunAsync(async () =>
        {
            var file = parse.GetValue(output)!;
            using var client = cli.Client(parse, TimeSpan.FromMilliseconds(parse.GetValue(timeoutMs)));
            var partial = file.FullName + ".partial";
            try
            {
                await using (var destination = File.Create(partial))
                    await client.DownloadDatabaseAsync(parse.GetValue(since), parse.GetValue(until), destination, ct);
                File.Move(partial, file.FullName, overwrite: true);
            }
            finally
            {
                File.Delete(partial);
            }
            cli.Console.WriteLine($"wrote {new FileInfo(file.FullName).Length} bytes to {file.FullName}");
            return ExitCodes.Success;
        }));
        return command;
    }
}

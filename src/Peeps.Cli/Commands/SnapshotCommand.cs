using System.CommandLine;
using Spectre.Console;

namespace Peeps.Cli.Commands;

/// <summary><c>peeps snapshot</c>: a live snapshot of every connected process, summarized or saved as JSON.</summary>
public static class SnapshotCommand
{
    public static Command Create(CliContext cli)
    {
        var output = new Option<FileInfo?>("--out") { Description = "Write the snapshot JSON to this file instead of printing a summary" };
        var timeoutMs = NumberOptions.Milliseconds("--timeout-ms", "HTTP timeout in ms (the server itself waits up to 5 s for processes)", 15_000);
        var strict = new Option<bool>("--strict") { Description = $"Exit {ExitCodes.PartialSnapshot} when any process did not answer in time" };
        var command = new Command("snapshot", "Capture the current state of every connected process") { output, timeoutMs, strict };
        command.SetAction((parse, ct) => cli.RunAsync(async () =>
        {
            using var client = cli.Client(parse, TimeSpan.FromMilliseconds(parse.GetValue(timeoutMs)));
            var (snapshot, raw) = await client.SnapshotAsync(ct);
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, raw, ct);
                cli.Console.WriteLine($"wrote {snapshot.Processes.Count} process snapshot(s) to {file.FullName}");
            }
            else
            {
                var table = new Table().Border(TableBorder.Simple)
                    .AddColumns("process_id", "process_name", "pid", "ptime_now_ms", "entities", "scopes", "edges", "events");
                foreach (var p in snapshot.Processes)
                {
                    table.AddRow(
                        new Text(p.ProcessId.ToString()), new Text(p.ProcessName), new Text(p.Pid.ToString()), new Text(p.PtimeNowMs.ToString()),
                        Count(p.Snapshot.Entities), Count(p.Snapshot.Scopes), Count(p.Snapshot.Edges), Count(p.Snapshot.Events));
                }
                if (snapshot.Processes.Count > 0) cli.Console.Write(table);
                cli.Console.WriteLine($"{snapshot.Processes.Count} process(es) replied");
            }
            if (snapshot.TimedOutProcesses.Count == 0) return ExitCodes.Success;
            var names = snapshot.TimedOutProcesses.Select(p => $"{p.ProcessName} (pid {p.Pid})");
            cli.Console.WriteLine($"timed out: {string.Join(", ", names)}");
            if (!parse.GetValue(strict)) return ExitCodes.Success;
            await cli.WriteErrorAsync($"snapshot incomplete: {snapshot.TimedOutProcesses.Count} process(es) timed out");
            return ExitCodes.PartialSnapshot;
        }));
        return command;
    }

    private static Text Count<T>(IReadOnlyList<T>? items) => new((items?.Count ?? 0).ToString());
}

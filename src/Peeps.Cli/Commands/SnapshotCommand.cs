using System.CommandLine;
using Spectre.Console;

namespace Peeps.Cli.Commands;

/// <summary><c>peeps snapshot</c>: a live snapshot of every connected process, summarized or saved as JSON.</summary>
public static class SnapshotCommand
{
    public static Command Create(CliContext cli)
    {
        var output = new Option<FileInfo?>("--out") { Description = "Write the snapshot JSON to this file instead of printing a summary" };
        var timeoutMs = NumberOptions.Positive("--timeout-ms", "HTTP timeout in ms (the server itself waits up to 5 s for processes)", 15_000);
        var command = new Command("snapshot", "Capture the current state of every connected process") { output, timeoutMs };
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
                        new Text(p.Snapshot.Entities.Count.ToString()), new Text(p.Snapshot.Scopes.Count.ToString()),
                        new Text(p.Snapshot.Edges.Count.ToString()), new Text(p.Snapshot.Events.Count.ToString()));
                }
                if (snapshot.Processes.Count > 0) cli.Console.Write(table);
                cli.Console.WriteLine($"{snapshot.Processes.Count} process(es) replied");
            }
            if (snapshot.TimedOutProcesses.Count > 0)
            {
                var names = snapshot.TimedOutProcesses.Select(p => $"{p.ProcessName} (pid {p.Pid})");
                cli.Console.WriteLine($"timed out: {string.Join(", ", names)}");
            }
            return 0;
        }));
        return command;
    }
}

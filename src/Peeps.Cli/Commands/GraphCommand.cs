using System.CommandLine;
using Peeps.Cli.Output;
using Peeps.Cli.Time;
using Spectre.Console;

namespace Peeps.Cli.Commands;

/// <summary>
/// <c>peeps graph --at &lt;time&gt;</c>: the graph as it was at a past instant, rebuilt by the server from stored
/// history; a summary per process, the document itself (<c>--out</c>, <c>--format json</c>), or its diagnosis
/// (<c>--diagnose</c>, exiting <see cref="ExitCodes.DeadlockFound"/> on a deadlock as <c>peeps why</c> does).
/// </summary>
public static class GraphCommand
{
    public static Command Create(CliContext cli)
    {
        var at = InstantOption.CreateRequired("--at", "The instant");
        var process = new Option<string?>("--process") { Description = "Only this process: a connection id or a process name" };
        var diagnose = new Option<bool>("--diagnose") { Description = $"Print the diagnosis of the graph at that instant (exit {ExitCodes.DeadlockFound} on a deadlock)" };
        var chains = NumberOptions.NonNegative("--chains", "Wait chains to print with --diagnose, longest-blocked first", 5);
        var output = new Option<FileInfo?>("--out") { Description = "Write the rebuilt document's JSON to this file" };
        var format = ReportFormatOption.Create();
        var command = new Command("graph", "The graph as it was at a past instant, rebuilt from the server's stored history")
        {
            at, process, diagnose, chains, output, format,
        };
        command.SetAction((parse, ct) => cli.RunAsync(async () =>
        {
            using var client = cli.Client(parse, TimeSpan.FromSeconds(60));
            var (instant, only) = (parse.GetValue(at), parse.GetValue(process));
            if (parse.GetValue(diagnose))
            {
                var (report, rawReport) = await client.DiagnoseAtAsync(instant, only, ct);
                if (parse.GetValue(format) == ReportFormat.Json) await cli.Output.WriteLineAsync(rawReport);
                else DiagnosisWriter.Write(report, parse.GetValue(chains), cli.Console);
                if (report.Summary.Deadlocks == 0) return ExitCodes.Success;
                await cli.WriteErrorAsync($"{report.Summary.Deadlocks} deadlock(s) found ({report.Summary.CertainDeadlocks} certain) at {Describe(instant)}");
                return ExitCodes.DeadlockFound;
            }
            var (graph, raw) = await client.GraphAtAsync(instant, only, ct);
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, raw, ct);
                cli.Console.WriteLine($"wrote the graph of {graph.Processes.Count} process(es) at {Describe(instant)} to {file.FullName}");
            }
            else if (parse.GetValue(format) == ReportFormat.Json)
            {
                await cli.Output.WriteLineAsync(raw);
            }
            else
            {
                Summarize(graph, cli.Console);
            }
            return ExitCodes.Success;
        }));
        return command;
    }

    private static void Summarize(Api.GraphAtResponse graph, IAnsiConsole console)
    {
        console.WriteLine($"graph at {Describe(graph.AtNs)}, rebuilt from history");
        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("process_id", "process_name", "pid", "state_age_ms", "entities", "scopes", "edges", "events");
        foreach (var p in graph.Processes)
            table.AddRow(
                new Text(p.ProcessId.ToString()), new Text(p.ProcessName), new Text(p.Pid.ToString()),
                new Text(p.StateAgeMs?.ToString() ?? "no batch yet"),
                Count(p.Snapshot.Entities), Count(p.Snapshot.Scopes), Count(p.Snapshot.Edges), Count(p.Snapshot.Events));
        if (graph.Processes.Count > 0) console.Write(table);
        console.WriteLine($"{graph.Processes.Count} process(es) connected at that instant");
        foreach (var p in graph.ProcessesWithoutSnapshot)
            console.WriteLine($"not held: {p.ProcessName} (pid {p.Pid}, process_id {p.ProcessId}): {p.Reason}");
    }

    private static string Describe(long unixNs) =>
        $"{DateTimeOffset.UnixEpoch.AddTicks(unixNs / 100):yyyy-MM-dd'T'HH:mm:ss.fff'Z'} ({unixNs})";

    private static Text Count<T>(IReadOnlyList<T>? items) => new((items?.Count ?? 0).ToString());
}

using System.CommandLine;
using Peeps.Cli.Output;

namespace Peeps.Cli.Commands;

/// <summary>
/// <c>peeps why</c>: a fresh cut and snapshot, diagnosed by the server; the deadlocks and the top wait chains.
/// Exits <see cref="ExitCodes.DeadlockFound"/> when there is a deadlock, so a CI job can fail on it.
/// </summary>
public static class WhyCommand
{
    public static Command Create(CliContext cli)
    {
        var timeoutMs = NumberOptions.Milliseconds("--timeout-ms", "How long the server waits for the cut, then for every process's snapshot, in ms", 5_000);
        var chains = NumberOptions.NonNegative("--chains", "Wait chains to print, longest-blocked first", 5);
        var format = ReportFormatOption.Create();
        var command = new Command("why", $"Is anything stuck, and on what? Deadlocks and wait chains across processes (exit {ExitCodes.DeadlockFound} on a deadlock)")
        {
            timeoutMs, chains, format,
        };
        command.SetAction((parse, ct) => cli.RunAsync(async () =>
        {
            var timeout = parse.GetValue(timeoutMs);
            // The server waits up to the timeout twice (the cut, then the snapshot) before it diagnoses.
            using var client = cli.Client(parse, TimeSpan.FromMilliseconds(2.0 * timeout) + TimeSpan.FromSeconds(15));
            var (report, raw) = await client.DiagnoseAsync(timeout, ct);
            if (parse.GetValue(format) == ReportFormat.Json) await cli.Output.WriteLineAsync(raw);
            else DiagnosisWriter.Write(report, parse.GetValue(chains), cli.Console);
            if (report.Summary.Deadlocks == 0) return ExitCodes.Success;
            await cli.WriteErrorAsync($"{report.Summary.Deadlocks} deadlock(s) found ({report.Summary.CertainDeadlocks} certain) in snapshot {report.SnapshotId}");
            return ExitCodes.DeadlockFound;
        }));
        return command;
    }
}

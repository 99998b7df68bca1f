using System.CommandLine;
using System.Diagnostics;
using Peeps.Cli.Api;
using Peeps.Cli.Output;
using Spectre.Console;

namespace Peeps.Cli.Commands;

/// <summary>
/// <c>peeps cut</c>: request a cut and wait until every connection has acked it. Stdout gets the cut's final status
/// as pretty JSON, which is what upstream's CLI prints for the same flags; the progress and the summary line go to
/// stderr so a script piping stdout into a JSON reader sees only the JSON.
/// </summary>
public static class CutCommand
{
    public static Command Create(CliContext cli)
    {
        var pollMs = NumberOptions.Milliseconds("--poll-ms", "How often to poll the cut's status, in ms", 100);
        var timeoutMs = NumberOptions.Milliseconds("--timeout-ms", "Give up after this many ms", 10_000);
        var command = new Command("cut", "Request a cut across connected processes and wait for it to complete") { pollMs, timeoutMs };
        command.SetAction((parse, ct) => cli.RunAsync(async () =>
        {
            var timeout = TimeSpan.FromMilliseconds(parse.GetValue(timeoutMs));
            using var client = cli.Client(parse, timeout + TimeSpan.FromSeconds(5));
            var clock = Stopwatch.StartNew();
            var cut = await client.CreateCutAsync(ct);
            var (status, raw) = await WaitAsync(cli, client, cut, TimeSpan.FromMilliseconds(parse.GetValue(pollMs)), timeout, ct);
            if (status.PendingConnections > 0)
            {
                throw new PeepsApiException(
                    $"cut {cut.CutId} timed out after {timeout.TotalMilliseconds:0} ms: {status.PendingConnections} of {cut.RequestedConnections} connections pending (conn_ids {string.Join(", ", status.PendingConnIds)})");
            }
            // The server's own figure when it gives one: ours would add a poll interval and the round trips.
            var took = status.Took ?? clock.Elapsed;
            await cli.Error.WriteLineAsync($"{cut.CutId} complete: {status.AckedConnections}/{cut.RequestedConnections} connections acked in {took.TotalMilliseconds:0} ms");
            PrettyJson.Write(raw, cli.Output);
            return ExitCodes.Success;
        }));
        return command;
    }

    /// <summary>Polls until nothing is pending or the time is up; a line on stderr each time the counts change.</summary>
    private static async Task<(CutStatus Status, string Raw)> WaitAsync(CliContext cli, PeepsApiClient client, CutCreated cut, TimeSpan poll, TimeSpan timeout, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        CutStatus? last = null;
        while (true)
        {
            var (status, raw) = await client.GetCutAsync(cut.CutId, ct);
            if (last is null || status.AckedConnections != last.AckedConnections || status.PendingConnections != last.PendingConnections)
                await cli.Error.WriteLineAsync($"{cut.CutId}: {status.AckedConnections} acked, {status.PendingConnections} pending");
            last = status;
            if (status.PendingConnections == 0) return (status, raw);
            var remaining = timeout - clock.Elapsed;
            if (remaining <= TimeSpan.Zero) return (status, raw);
            await Task.Delay(poll < remaining ? poll : remaining, ct);
        }
    }
}

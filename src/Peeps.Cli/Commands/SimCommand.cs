using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using Peeps.Cli.Api;
using Peeps.Simulator;
using Peeps.Simulator.Scenarios;
using Spectre.Console;

namespace Peeps.Cli.Commands;

/// <summary><c>peeps sim</c>: simulated instrumented runtimes feeding a peeps-web ingest port.</summary>
public static class SimCommand
{
    public static Command Create(CliContext cli)
    {
        var defaults = new SimulatorSettings();
        var target = new Option<IngestEndpoint>("--url-tcp")
        {
            Description = "Ingest address host:port",
            DefaultValueFactory = _ => new IngestEndpoint(defaults.Host, defaults.Port),
            CustomParser = ParseEndpoint,
        };
        var processes = NumberOptions.NonNegative("--processes", "Number of busy simulated processes (0 with --scenario: only stuck ones)", defaults.ProcessCount, max: 10_000);
        var scenarios = new Option<StuckScenario[]>("--scenario")
        {
            Description = $"Also run a stuck runtime, in processes of its own (repeatable): {string.Join(", ", StuckScenarios.All.Select(StuckScenarios.Name))}, or all",
            CustomParser = ParseScenarios,
        };
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same changes", DefaultValueFactory = _ => defaults.Seed };
        var rate = NumberOptions.NonNegativeReal("--rate", "Target changes per second per process", defaults.ChangesPerSecond, max: 1_000_000);
        var entities = NumberOptions.Positive("--entities", "Target live entities per process", defaults.EntityCount, max: 1_000_000);
        var duration = NumberOptions.NonNegativeReal("--duration", "Seconds to run (0: until Ctrl+C)", 0, max: NumberOptions.MaxMilliseconds / 1000);
        var tickMs = NumberOptions.Milliseconds("--tick-ms", "Send interval in ms", (int)defaults.TickInterval.TotalMilliseconds);
        var silent = NumberOptions.NonNegative("--silent", "Processes that never answer cuts or snapshots");
        var slow = NumberOptions.NonNegative("--slow", "Processes that answer cuts and snapshots late");
        var prefix = new Option<string>("--name-prefix") { Description = "Process name prefix", DefaultValueFactory = _ => defaults.NamePrefix };
        var connectTimeoutMs = NumberOptions.Milliseconds("--connect-timeout-ms", "Fail when no process has connected after this many ms", 5_000);
        var retry = new Option<bool>("--retry") { Description = "Keep retrying an unreachable server instead of failing after --connect-timeout-ms" };

        var command = new Command("sim", "Run simulated runtimes against a peeps-web ingest port")
        {
            target, processes, scenarios, seed, rate, entities, duration, tickMs, silent, slow, prefix, connectTimeoutMs, retry,
        };
        // Checked here rather than in a command validator: validators run even when a value failed to parse, and reading it then throws.
        command.SetAction((parse, ct) => cli.RunAsync(async () =>
        {
            if ((long)parse.GetValue(silent) + parse.GetValue(slow) > parse.GetValue(processes))
            {
                await cli.WriteErrorAsync("--silent and --slow together must be at most --processes (see 'peeps --help')");
                return ExitCodes.BadArguments;
            }
            var stuck = parse.GetValue(scenarios) ?? [];
            if (parse.GetValue(processes) == 0 && stuck.Length == 0)
            {
                await cli.WriteErrorAsync("--processes 0 needs at least one --scenario (see 'peeps --help')");
                return ExitCodes.BadArguments;
            }
            var (host, port) = parse.GetValue(target)!;
            var options = defaults with
            {
                Host = host, Port = port, ProcessCount = parse.GetValue(processes), Seed = parse.GetValue(seed),
                ChangesPerSecond = parse.GetValue(rate), EntityCount = parse.GetValue(entities),
                TickInterval = TimeSpan.FromMilliseconds(parse.GetValue(tickMs)),
                SilentProcesses = parse.GetValue(silent), SlowProcesses = parse.GetValue(slow), NamePrefix = parse.GetValue(prefix)!,
                Scenarios = [.. stuck.Distinct()],
            };
            var seconds = parse.GetValue(duration);
            var connectTimeout = parse.GetValue(retry) ? Timeout.InfiniteTimeSpan : TimeSpan.FromMilliseconds(parse.GetValue(connectTimeoutMs));
            return await RunAsync(cli, options, seconds > 0 ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan, connectTimeout, ct);
        }));
        return command;
    }

    /// <summary>Progress goes to stderr; the per-process summary, the result, to stdout.</summary>
    private static async Task<int> RunAsync(CliContext cli, SimulatorSettings options, TimeSpan duration, TimeSpan connectTimeout, CancellationToken ct)
    {
        await cli.Error.WriteLineAsync(
            $"simulating {options.ProcessCount} process(es) against {options.Host}:{options.Port}, seed {options.Seed}, {options.ChangesPerSecond} changes/s each"
            + (options.Scenarios.Count == 0 ? "" : $", and stuck runtimes: {string.Join(", ", options.Scenarios.Select(StuckScenarios.Name))}"));
        var simulation = Simulation.Start(options);
        var interrupted = false;
        try
        {
            if (connectTimeout != Timeout.InfiniteTimeSpan) await WaitForAnyConnectionAsync(simulation, connectTimeout, ct);
            interrupted = await ReportProgressAsync(cli, simulation, duration, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl+C before any process connected still ends a run that deserves its summary, not a bare "cancelled".
            interrupted = true;
        }
        finally
        {
            await simulation.DisposeAsync();
        }
        var table = new Table().Border(TableBorder.Simple)
            .AddColumns("process", "pid", "behavior", "generated", "sent", "batches", "connections", "cut_acks", "snapshots");
        foreach (var r in simulation.Runtimes)
        {
            table.AddRow(new Text(r.Name), new Text(r.Pid.ToString()), new Text(r.Behavior.ToString().ToLowerInvariant()),
                new Text(r.ChangesGenerated.ToString()), new Text(r.ChangesSent.ToString()), new Text(r.BatchesSent.ToString()),
                new Text(r.Connections.ToString()), new Text(r.CutAcksSent.ToString()), new Text(r.SnapshotRepliesSent.ToString()));
        }
        cli.Console.Write(table);
        return interrupted ? ExitCodes.Interrupted : ExitCodes.Success;
    }

    /// <returns>Whether Ctrl+C ended the run before its duration.</returns>
    private static async Task<bool> ReportProgressAsync(CliContext cli, Simulation simulation, TimeSpan duration, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        long lastSent = 0;
        while (true)
        {
            var wait = TimeSpan.FromSeconds(1);
            if (duration != Timeout.InfiniteTimeSpan)
            {
                var remaining = duration - clock.Elapsed;
                if (remaining <= TimeSpan.Zero) return false;
                if (remaining < wait) wait = remaining;
            }
            try
            {
                await Task.Delay(wait, ct);
            }
            catch (OperationCanceledException)
            {
                return true;
            }
            var sent = simulation.TotalChangesSent;
            var connected = simulation.Runtimes.Count(r => r.IsConnected);
            await cli.Error.WriteLineAsync(
                $"{clock.Elapsed.TotalSeconds,6:0.0}s  connected {connected}/{simulation.Runtimes.Count}  sent {sent} changes (+{sent - lastSent})");
            lastSent = sent;
        }
    }

    /// <summary>
    /// The runtimes retry forever, as the real client does; a server that is not there at all should fail the
    /// command instead of printing "connected 0/N" until someone notices.
    /// </summary>
    private static async Task WaitForAnyConnectionAsync(Simulation simulation, TimeSpan timeout, CancellationToken ct)
    {
        try
        {
            await Task.WhenAny(simulation.Runtimes.Select(r => r.WaitForFirstConnectionAsync(ct))).WaitAsync(timeout, ct);
            ct.ThrowIfCancellationRequested();
        }
        catch (TimeoutException)
        {
            var reason = await IngestProbe.DescribeUnreachableAsync(simulation.Options.Host, simulation.Options.Port, timeout, ct);
            throw new PeepsApiException(reason);
        }
    }

    /// <summary>Each <c>--scenario</c> token is a scenario name or <c>all</c>.</summary>
    private static StuckScenario[] ParseScenarios(ArgumentResult result)
    {
        var chosen = new List<StuckScenario>();
        foreach (var token in result.Tokens)
        {
            if (string.Equals(token.Value, "all", StringComparison.OrdinalIgnoreCase)) chosen.AddRange(StuckScenarios.All);
            else if (StuckScenarios.TryParse(token.Value, out var scenario)) chosen.Add(scenario);
            else result.AddError($"unknown --scenario '{token.Value}': expected all or one of {string.Join(", ", StuckScenarios.All.Select(StuckScenarios.Name))}");
        }
        return [.. chosen];
    }

    private static IngestEndpoint ParseEndpoint(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        var colon = text.LastIndexOf(':');
        if (colon > 0 && int.TryParse(text[(colon + 1)..], out var port) && port is > 0 and < 65_536)
            return new IngestEndpoint(text[..colon].Trim('[', ']'), port);
        result.AddError($"invalid --url-tcp '{text}': expected host:port, e.g. 127.0.0.1:9119");
        return new IngestEndpoint("", 0);
    }
}

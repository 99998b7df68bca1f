using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using Peeps.Simulator;
using Spectre.Console;

namespace Peeps.Cli.Commands;

/// <summary><c>peeps sim</c>: simulated instrumented runtimes feeding a peeps-web ingest port.</summary>
public static class SimCommand
{
    public static Command Create(CliContext cli)
    {
        var defaults = new SimulatorOptions();
        var target = new Option<(string Host, int Port)>("--url-tcp")
        {
            Description = "Ingest address host:port",
            DefaultValueFactory = _ => (defaults.Host, defaults.Port),
            CustomParser = ParseEndpoint,
        };
        var processes = NumberOptions.Positive("--processes", "Number of simulated processes", defaults.ProcessCount);
        var seed = new Option<int>("--seed") { Description = "Random seed: the same seed gives the same changes", DefaultValueFactory = _ => defaults.Seed };
        var rate = NumberOptions.NonNegativeReal("--rate", "Target changes per second per process", defaults.ChangesPerSecond);
        var entities = NumberOptions.Positive("--entities", "Target live entities per process", defaults.EntityCount);
        var duration = NumberOptions.NonNegativeReal("--duration", "Seconds to run (0: until Ctrl+C)", 0);
        var tickMs = NumberOptions.Positive("--tick-ms", "Send interval in ms", (int)defaults.TickInterval.TotalMilliseconds);
        var silent = NumberOptions.NonNegative("--silent", "Processes that never answer cuts or snapshots");
        var slow = NumberOptions.NonNegative("--slow", "Processes that answer cuts and snapshots late");
        var prefix = new Option<string>("--name-prefix") { Description = "Process name prefix", DefaultValueFactory = _ => defaults.NamePrefix };

        var command = new Command("sim", "Run simulated runtimes against a peeps-web ingest port")
        {
            target, processes, seed, rate, entities, duration, tickMs, silent, slow, prefix,
        };
        command.Validators.Add(result =>
        {
            var count = result.GetValue(processes);
            if (result.GetValue(silent) + result.GetValue(slow) > count)
                result.AddError("--silent and --slow together must be at most --processes");
        });
        command.SetAction((parse, ct) => cli.RunAsync(async () =>
        {
            var (host, port) = parse.GetValue(target);
            var options = defaults with
            {
                Host = host, Port = port, ProcessCount = parse.GetValue(processes), Seed = parse.GetValue(seed),
                ChangesPerSecond = parse.GetValue(rate), EntityCount = parse.GetValue(entities),
                TickInterval = TimeSpan.FromMilliseconds(parse.GetValue(tickMs)),
                SilentProcesses = parse.GetValue(silent), SlowProcesses = parse.GetValue(slow), NamePrefix = parse.GetValue(prefix)!,
            };
            var seconds = parse.GetValue(duration);
            await RunAsync(cli, options, seconds > 0 ? TimeSpan.FromSeconds(seconds) : Timeout.InfiniteTimeSpan, ct);
            return 0;
        }));
        return command;
    }

    private static async Task RunAsync(CliContext cli, SimulatorOptions options, TimeSpan duration, CancellationToken ct)
    {
        cli.Console.WriteLine($"simulating {options.ProcessCount} process(es) against {options.Host}:{options.Port}, seed {options.Seed}, {options.ChangesPerSecond} changes/s each");
        var simulation = Simulation.Start(options);
        var clock = Stopwatch.StartNew();
        try
        {
            long lastSent = 0;
            while (duration == Timeout.InfiniteTimeSpan || clock.Elapsed < duration)
            {
                var wait = TimeSpan.FromSeconds(1);
                if (duration != Timeout.InfiniteTimeSpan && duration - clock.Elapsed < wait) wait = duration - clock.Elapsed;
                try
                {
                    await Task.Delay(wait, ct);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                var sent = simulation.TotalChangesSent;
                var connected = simulation.Runtimes.Count(r => r.IsConnected);
                cli.Console.WriteLine($"{clock.Elapsed.TotalSeconds,6:0.0}s  connected {connected}/{options.ProcessCount}  sent {sent} changes (+{sent - lastSent})");
                lastSent = sent;
            }
        }
        finally
        {
            await simulation.StopAsync();
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
    }

    private static (string Host, int Port) ParseEndpoint(ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        var colon = text.LastIndexOf(':');
        if (colon > 0 && int.TryParse(text[(colon + 1)..], out var port) && port is > 0 and < 65_536)
            return (text[..colon].Trim('[', ']'), port);
        result.AddError($"invalid --url-tcp '{text}': expected host:port, e.g. 127.0.0.1:9119");
        return ("", 0);
    }
}

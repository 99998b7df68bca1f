using System.Net;
using System.Net.Sockets;

namespace Peeps.Cli.Tests.EndToEnd;

/// <summary><c>peeps sim</c> where nothing listens: fail with one clear line, unless asked to keep retrying or interrupted.</summary>
public sealed class SimUnreachableServerTests
{
    [Fact]
    public async Task Sim_against_a_closed_port_fails_with_one_connection_refused_line()
    {
        var port = ClosedPort();

        var run = await CliRun.RunAsync("sim", "--url-tcp", $"127.0.0.1:{port}", "--processes", "2").WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.PeepsLines);
        Assert.StartsWith($"peeps: cannot connect to 127.0.0.1:{port}: connection refused", line);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Sim_with_retry_keeps_running_against_a_closed_port_until_its_duration()
    {
        var run = await CliRun.RunAsync("sim", "--url-tcp", $"127.0.0.1:{ClosedPort()}", "--processes", "1", "--retry", "--duration", "1.2");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.PeepsLines);
        Assert.Contains("connected 0/1", run.Error);
        Assert.Equal("0", Assert.Single(run.OutputLines, l => l.Contains("sim-0")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[6]);
    }

    [Fact]
    public async Task Ctrl_C_while_waiting_for_the_first_connection_exits_130_with_the_summary()
    {
        using var interrupt = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        var run = await CliRun.RunUntilAsync(new Dictionary<string, string>(), interrupt.Token,
            "sim", "--url-tcp", $"127.0.0.1:{ClosedPort()}", "--processes", "1", "--connect-timeout-ms", "60000").WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(130, run.ExitCode);
        Assert.Empty(run.PeepsLines);
        Assert.Equal("0", Assert.Single(run.OutputLines, l => l.Contains("sim-0")).Split(' ', StringSplitOptions.RemoveEmptyEntries)[6]);
    }

    private static int ClosedPort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }
}

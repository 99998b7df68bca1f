namespace Peeps.EndToEnd.Tests.Hosting;

public sealed class DemoModeTests
{
    private static readonly string[] StuckRuntimes =
    [
        "channel-cycle", "lock-inversion", "long-chain-a", "long-chain-b", "resolving-cycle", "rpc-cycle-a", "rpc-cycle-b", "stuck-io",
    ];

    [Fact]
    public async Task Demo_mode_connects_four_busy_and_eight_stuck_simulated_runtimes_whose_entities_reach_sql()
    {
        await using var server = await PeepsServer.StartAsync(null, "Peeps:Demo=true");

        var connections = await Eventually.Until(
            () => server.GetJsonAsync("/api/connections"),
            c => c.GetProperty("connected_processes").GetInt32() == 12,
            TimeSpan.FromSeconds(15),
            "twelve demo runtimes connected");
        Assert.Equal(
            ["demo-0", "demo-1", "demo-2", "demo-3", .. StuckRuntimes.Select(r => "demo-" + r)],
            connections.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("process_name").GetString()));
        await Eventually.Until(
            () => server.CountAsync("select count(distinct conn_id) from entities"),
            n => n == 12,
            TimeSpan.FromSeconds(15),
            "entities from every demo runtime");
    }

    [Fact]
    public async Task The_first_diagnosis_of_a_demo_finds_certain_deadlocks_one_of_them_across_processes()
    {
        await using var server = await PeepsServer.StartAsync(null, "Peeps:Demo=true");
        await Eventually.Until(
            () => server.GetJsonAsync("/api/connections"),
            c => c.GetProperty("connected_processes").GetInt32() == 12,
            TimeSpan.FromSeconds(15),
            "every demo runtime connected");

        var report = await server.PostJsonAsync("/api/diagnose", "{}");

        var deadlocks = report.GetProperty("deadlocks").EnumerateArray().ToList();
        Assert.InRange(deadlocks.Count, 3, 4);
        Assert.All(deadlocks, d => Assert.Equal("certain", d.GetProperty("confidence").GetString()));
        Assert.Contains(deadlocks, d => d.GetProperty("crosses_processes").GetBoolean());
        Assert.All(deadlocks, d => Assert.All(d.GetProperty("members").EnumerateArray(), m =>
            Assert.Contains(m.GetProperty("process_name").GetString()!["demo-".Length..], StuckRuntimes)));
    }

    [Fact]
    public async Task Demo_runtime_count_and_names_come_from_configuration()
    {
        await using var server = await PeepsServer.StartAsync(
            null, "Peeps:Demo=true", "Peeps:DemoRuntimes:ProcessCount=2", "Peeps:DemoRuntimes:NamePrefix=tour", "Peeps:DemoRuntimes:StuckRuntimes=false");

        var connections = await Eventually.Until(
            () => server.GetJsonAsync("/api/connections"),
            // A connection is listed as unknown-<id> from accept until its handshake is recorded: wait for both names.
            c => c.GetProperty("connected_processes").GetInt32() == 2
                 && c.GetProperty("processes").EnumerateArray().All(p => !p.GetProperty("process_name").GetString()!.StartsWith("unknown-", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(15),
            "two configured demo runtimes connected and identified");
        Assert.Equal(["tour-0", "tour-1"], connections.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("process_name").GetString()));
    }

    [Fact]
    public async Task Without_demo_mode_no_runtime_connects()
    {
        await using var server = await PeepsServer.StartAsync();

        await Task.Delay(TimeSpan.FromMilliseconds(500));

        Assert.Equal(0, (await server.GetJsonAsync("/api/connections")).GetProperty("connected_processes").GetInt32());
    }

    [Fact]
    public async Task A_demo_with_more_slow_runtimes_than_runtimes_refuses_to_start()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() =>
            PeepsServer.StartAsync(null, "Peeps:Demo=true", "Peeps:DemoRuntimes:ProcessCount=1", "Peeps:DemoRuntimes:SlowProcesses=2"));

        Assert.Contains("Peeps:DemoRuntimes:SlowProcesses", error.Message);
    }
}

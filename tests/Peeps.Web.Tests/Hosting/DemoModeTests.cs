using Peeps.Testing;

namespace Peeps.Web.Tests.Hosting;

public sealed class DemoModeTests
{
    [Fact]
    public async Task Demo_mode_connects_four_simulated_runtimes_whose_entities_reach_sql()
    {
        await using var server = await PeepsServer.StartAsync(null, "Peeps:Demo=true");

        var connections = await Eventually.Until(
            () => server.GetJsonAsync("/api/connections"),
            c => c.GetProperty("connected_processes").GetInt32() == 4,
            TimeSpan.FromSeconds(15),
            "four demo runtimes connected");
        Assert.Equal(
            ["demo-0", "demo-1", "demo-2", "demo-3"],
            connections.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("process_name").GetString()));
        await Eventually.Until(
            () => server.CountAsync("select count(distinct conn_id) from entities"),
            n => n == 4,
            TimeSpan.FromSeconds(15),
            "entities from every demo runtime");
    }

    [Fact]
    public async Task Demo_runtime_count_and_names_come_from_configuration()
    {
        await using var server = await PeepsServer.StartAsync(
            null, "Peeps:Demo=true", "Peeps:DemoRuntimes:ProcessCount=2", "Peeps:DemoRuntimes:NamePrefix=tour");

        var connections = await Eventually.Until(
            () => server.GetJsonAsync("/api/connections"),
            c => c.GetProperty("connected_processes").GetInt32() == 2,
            TimeSpan.FromSeconds(15),
            "two configured demo runtimes connected");
        Assert.All(connections.GetProperty("processes").EnumerateArray(), p => Assert.StartsWith("tour-", p.GetProperty("process_name").GetString()));
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
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            PeepsServer.StartAsync(null, "Peeps:Demo=true", "Peeps:DemoRuntimes:ProcessCount=1", "Peeps:DemoRuntimes:SlowProcesses=2"));

        Assert.Contains("Peeps:DemoRuntimes", error.Message);
    }
}

using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;

namespace Peeps.EndToEnd.Tests.Hosting;

public sealed class CoordinatedShutdownTests
{
    [Fact]
    public async Task Akka_gives_the_unbind_phase_the_ingest_drain_bound_plus_a_margin_so_its_shutdown_does_not_cut_the_drain_short()
    {
        await using var server = await PeepsServer.StartAsync(settings: ["Peeps:Ingest:ShutdownDrainTimeout=00:00:20"]);

        var config = server.Services.GetRequiredService<ActorSystem>().Settings.Config;

        Assert.Equal(TimeSpan.FromSeconds(25), config.GetTimeSpan("akka.coordinated-shutdown.phases.service-unbind.timeout"));
    }
}

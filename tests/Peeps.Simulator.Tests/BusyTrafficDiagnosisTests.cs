namespace Peeps.Simulator.Tests;

/// <summary>The busy runtimes' random traffic waits a lot but never in a circle: a deadlock found in it would be a false one.</summary>
public sealed class BusyTrafficDiagnosisTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Random_traffic_never_forms_a_deadlock_and_every_rpc_link_joins_its_caller(int seed)
    {
        var world = new SimulationWorld(new SimulatorSettings { ProcessCount = 4, Seed = seed, ChangesPerSecond = 2_000 });
        var sawChains = false;
        for (var round = 0; round < 20; round++)
        {
            for (var i = 0; i < 10; i++) world.Tick();
            var report = WorldDiagnosis.Diagnose(world);

            Assert.Empty(report.Deadlocks);
            Assert.Empty(report.UnresolvedRpcLinks);
            Assert.Equal(0, report.Summary.DanglingEdges);
            sawChains |= report.WaitChains.Any(c => c.ProcessHops > 0);
        }
        Assert.True(sawChains, "some wait chain crosses processes through an rpc link");
    }
}

using Peeps.Web.Hosting;

namespace Peeps.EndToEnd.Tests.Hosting;

/// <summary>A refusal to start that the operator must fix ends the process with its message and status 2, not an abort.</summary>
public sealed class StartRefusalTests
{
    [Fact]
    public async Task A_setting_out_of_range_ends_the_server_with_status_2_and_the_settings_name()
    {
        using var folder = new DatabaseFolder();

        await using var server = ServerProcess.Launch(folder.DbPath, FreePort.Next(), FreePort.Next(), "Peeps:Sql:MaxRows=-1");

        Assert.True(await server.WaitForExitAsync(TimeSpan.FromSeconds(60)), "the server started anyway");
        Assert.Equal(StartRefusal.ExitCode, server.ExitCode);
        Assert.Contains("peeps-web: ", server.Output);
        Assert.Contains("Peeps:Sql:MaxRows", server.Output);
        Assert.DoesNotContain("Unhandled exception", server.Output);
    }
}

namespace Peeps.EndToEnd.Tests.Hosting;

/// <summary>A refusal to start that the operator must fix ends the process with its message and status 2, not an abort.</summary>
public sealed class StartRefusalTests
{
    [Fact]
    public async Task A_setting_out_of_range_ends_the_server_with_status_2_and_the_settings_name()
    {
        using var folder = new DatabaseFolder();

        var output = await ServerProcess.RefusedToStartAsync(folder.DbPath, TimeSpan.FromSeconds(60), "Peeps:Sql:MaxRows=-1");

        Assert.Contains("peeps-web: ", output);
        Assert.Contains("Peeps:Sql:MaxRows", output);
    }
}

using Peeps.Web;
using Peeps.Web.Configuration;
using Peeps.Web.Hosting;

try
{
    await PeepsApp.Build(UpstreamEnvironment.ExpandFlags(args)).RunAsync();
    return 0;
}
catch (Exception e) when (StartRefusal.Is(e))
{
    await Console.Error.WriteLineAsync($"peeps-web: {e.Message}");
    return StartRefusal.ExitCode;
}

using Peeps.Web;
using Peeps.Web.Configuration;

await PeepsApp.Build(UpstreamEnvironment.ExpandFlags(args)).RunAsync();

/// <summary>Exposed for WebApplicationFactory-based tests.</summary>
public partial class Program;

using Peeps.Web;

await PeepsApp.Build(args).RunAsync();

/// <summary>Exposed for WebApplicationFactory-based tests.</summary>
public partial class Program;

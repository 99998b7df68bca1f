using Peeps.Web;
using Peeps.Web.Configuration;

await PeepsApp.Build(UpstreamEnvironment.ExpandFlags(args)).RunAsync();

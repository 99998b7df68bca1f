using System.Text.Json;
using Akka.Hosting;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Peeps.Ingest.Metrics;
using Peeps.Ingest.Store;
using Peeps.Web.Api;
using Peeps.Web.Cluster;
using Peeps.Web.Configuration;
using Peeps.Web.Hosting;
using Peeps.Web.Readiness;
using Peeps.Web.Security;
using Peeps.Web.SelfReport;
using Peeps.Web.Telemetry;

namespace Peeps.Web;

/// <summary>The composition root: configuration, the actor system, the ingest service and the HTTP API.</summary>
public static class PeepsApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddInMemoryCollection(UpstreamEnvironment.Read(Environment.GetEnvironmentVariable));
        builder.Configuration.AddCommandLine(args, UpstreamEnvironment.CommandLineSwitches);

        var options = ValidatedOptions.Bind(builder.Configuration);
        builder.Services.AddSingleton(Options.Create(options));
        var http = HostPort.Parse(options.Http, "Http (PEEPS_HTTP)");
        builder.WebHost.UseUrls($"http://{http.UrlAuthority}");
        var exposureWarnings = builder.AddPeepsSecurity(options, http);
        builder.AddPeepsSystemd();

        builder.Services.Configure<JsonOptions>(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DictionaryKeyPolicy = null;
            // A wait chain is a tree nested two JSON levels per step (a node, then its waits_on list), under about
            // eight levels of answer around it: past the default limit of 64 a chain at the depth bound failed mid-answer.
            json.SerializerOptions.MaxDepth = 2 * options.Diagnosis.MaxChainDepth + 16;
        });
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddPeepsProblemDetails();
        builder.Services.AddOpenApi(openApi => openApi.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "peeps-web (Peeps.Streams)";
            document.Info.Description = "The upstream peeps-web HTTP API and Peeps.Streams' additions; see docs/api.md.";
            return Task.CompletedTask;
        }));
        builder.Services.AddSingleton(new ReadOnlyMode(options.ReadOnly, Path.GetFullPath(options.Db)));
        builder.Services.AddSingleton(options.Api);
        builder.Services.AddSingleton(options.EventStreams);
        builder.Services.AddSingleton(provider => new EventStreamClients(options.EventStreams, provider.GetRequiredService<PeepsMetrics>().Meter));
        builder.Services.AddSingleton<CommitFeed>();
        builder.Services.AddSingleton<IngestEndpoint>();
        builder.Services.AddPeepsInspection(options);
        builder.Services.AddPeepsTelemetry(options.Telemetry, builder.Configuration);
        builder.Services.AddHostedService<BuildInfoReporter>();
        builder.Services.AddPeepsStore(options);
        builder.Services.AddPeepsCoordination(options);
        builder.Services.AddPeepsCluster(options);
        builder.Services.AddSingleton<ConnectionIdStart>();
        builder.Services.AddPeepsActors();
        builder.Services.AddPeepsDiagnosis(options);
        builder.Services.AddPeepsMcp(options);
        builder.Services.AddPeepsReadiness(options);
        // A read-only server on a copy runs nothing that listens for runtimes or writes: no ingest port and write
        // path, no checkpoints, no retention; demo runtimes and self-report are refused with it by the validator.
        if (!options.ReadOnly)
        {
            builder.Services.AddHostedService<IngestService>();
            builder.Services.AddHostedService<WalCheckpointService>();
            builder.Services.AddHostedService<RetentionService>();
            builder.Services.AddHostedService<DemoRuntimes>();
            builder.Services.AddSingleton<SelfRuntime>();
            builder.Services.AddHostedService(provider => provider.GetRequiredService<SelfRuntime>());
        }
        builder.Services.AddHostedService<UsageBanner>();

        var app = builder.Build();
        // The store's size and retention instruments exist from start, whether retention runs or not.
        app.Services.GetRequiredService<StoreFootprintMetrics>();
        app.UsePeepsErrorHandling();
        app.UsePeepsSecurity(options, exposureWarnings);
        if (options.Cluster.Enabled) app.UseClusterNodeHeader(options.Cluster);
        // The web console: static files from wwwroot (copied next to the binary, where the content root is).
        app.UseDefaultFiles();
        app.UseStaticFiles();
        app.MapPeepsRoutes(options);
        return app;
    }
}

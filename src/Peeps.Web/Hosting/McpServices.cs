using Peeps.Web.Configuration;
using Peeps.Web.Mcp;

namespace Peeps.Web.Hosting;

/// <summary>The Model Context Protocol endpoint on the HTTP port, when <c>Peeps:Mcp:Enabled</c> is set.</summary>
public static class McpServices
{
    public const string Path = "/mcp";

    public static IServiceCollection AddPeepsMcp(this IServiceCollection services, PeepsOptions options)
    {
        services.AddSingleton(options.Mcp);
        if (!options.Mcp.Enabled) return services;
        services.AddSingleton<ToolAnswers>();
        services.AddMcpServer(server =>
            {
                server.ServerInfo = new() { Name = "peeps-web", Version = typeof(McpServices).Assembly.GetName().Version?.ToString() ?? "0" };
                server.ServerInstructions = "Live inspection of async Rust runtimes instrumented with peeps. To debug a hang: "
                    + "snapshot_fresh, then diagnose its snapshot_id; follow a blocked entity with wait_chain; read it with entity, "
                    + "channel_state or task_state; take a second snapshot and diff the two to tell stuck from slow.";
            })
            .WithHttpTransport(http => http.Stateless = true)
            .WithTools<ConnectionTools>()
            .WithTools<SnapshotTools>()
            .WithTools<EntityTools>()
            .WithTools<QueryTools>()
            .WithTools<HistoryTools>();
        return services;
    }

    public static WebApplication MapPeepsMcp(this WebApplication app, PeepsOptions options)
    {
        if (options.Mcp.Enabled) app.MapMcp(Path).WithName("Mcp").WithSummary("Model Context Protocol tools for coding agents (off unless enabled)");
        return app;
    }
}

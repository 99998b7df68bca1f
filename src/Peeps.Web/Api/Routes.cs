using Peeps.Web.Cluster;
using Peeps.Web.Configuration;
using Peeps.Web.Hosting;
using Peeps.Web.Readiness;

namespace Peeps.Web.Api;

/// <summary>
/// Every route the server answers, in one place. Each group's handlers live in the file named after it, and each
/// route carries a name and summary, so <c>/openapi/v1.json</c> says the same.
/// </summary>
public static class Routes
{
    public static WebApplication MapPeepsRoutes(this WebApplication app, PeepsOptions options)
    {
        // In cluster mode (docs/scale-out.md) these four answer for every node; the others answer from this node.
        var cluster = options.Cluster.Enabled;
        app.MapHealth();              // GET  /health
        app.MapReadiness();           // GET  /health/ready
        if (cluster) app.MapClusterConnections(); else app.MapConnections();   // GET  /api/connections
        app.MapConnectionsStream();   // GET  /api/connections/stream                  (server-sent events)
        if (cluster) app.MapClusterProcesses(); else app.MapProcesses();       // GET  /api/processes  (each process once across reconnections)
        app.MapCuts();                // POST /api/cuts, GET /api/cuts/{cut_id}
        app.MapSnapshots();           // POST /api/snapshot, GET /api/snapshots, GET /api/snapshots/{id}
        app.MapDiagnosis();           // GET  /api/snapshots/{id}/diagnosis|wait-chain|diff/{b}, POST /api/diagnose
        app.MapGraph();               // GET  /api/graph?at=, /api/graph/diagnosis|wait-chain|timeline  (the graph at a past instant)
        if (cluster) app.MapClusterSql(); else app.MapSql();                   // POST /api/sql, POST /api/query
        app.MapStreams();             // GET  /api/streams
        app.MapDatabase();            // GET  /api/db                                  (a consistent copy of the database)
        if (cluster) app.MapClusterMetricsScrape(options.Cluster); else app.MapMetricsScrape();   // GET  /metrics
        app.MapPeepsMcp(options);     //      /mcp                                     (when Peeps:Mcp:Enabled)
        app.MapOpenApi();             // GET  /openapi/v1.json
        return app;
    }
}

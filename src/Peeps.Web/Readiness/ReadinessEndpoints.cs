using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Peeps.Web.Readiness;

/// <summary>
/// <c>GET /health/ready</c>: 200 when every check passes, 503 otherwise, with a JSON body saying which check
/// failed and why. <c>/health</c> stays the upstream liveness answer, <c>ok</c> whatever the checks say.
/// </summary>
public static class ReadinessEndpoints
{
    public const string Route = "/health/ready";

    public static IEndpointRouteBuilder MapReadiness(this IEndpointRouteBuilder routes)
    {
        routes.MapHealthChecks(Route, new HealthCheckOptions
        {
            ResultStatusCodes =
            {
                [HealthStatus.Healthy] = StatusCodes.Status200OK,
                [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable,
                [HealthStatus.Unhealthy] = StatusCodes.Status503ServiceUnavailable,
            },
            ResponseWriter = WriteAsync,
        }).WithName("Readiness").WithSummary("Ready when the writer progresses, the journal writes, ingest is bound and disk is free");
        return routes;
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var body = new
        {
            ready = report.Status == HealthStatus.Healthy,
            checks = report.Entries.ToDictionary(
                entry => entry.Key,
                entry => new { ok = entry.Value.Status == HealthStatus.Healthy, detail = entry.Value.Description ?? entry.Value.Exception?.Message }),
        };
        return JsonSerializer.SerializeAsync(context.Response.Body, body, cancellationToken: context.RequestAborted);
    }
}

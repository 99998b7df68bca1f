namespace Peeps.Web.Api;

public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health", () => TypedResults.Text("ok"))
            .WithName("Health").WithSummary("Liveness: always the text ok while the process runs (upstream contract)");
        return routes;
    }
}

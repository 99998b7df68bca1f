using Microsoft.AspNetCore.Http.HttpResults;
using Peeps.Storage.Export;

namespace Peeps.Web.Api;

/// <summary>
/// <c>GET /api/db</c>: a consistent copy of the whole database (or of the history between <c>since</c> and
/// <c>until</c>, Unix ns), made while ingest goes on, sent as a SQLite file. Open it with <c>peeps-web --db</c>.
/// </summary>
public static class DatabaseEndpoints
{
    public const string ContentType = "application/vnd.sqlite3";

    public static IEndpointRouteBuilder MapDatabase(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/db").MapGet("/", Export)
            .WithName("ExportDatabase").WithSummary("A consistent copy of the database as a SQLite file, optionally one time range of history");
        return routes;
    }

    private static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Export(
        DatabaseExporter exporter, HttpContext context, long? since, long? until, CancellationToken cancellation)
    {
        if (since > until) return Problems.BadRequest("since is after until");
        var export = await exporter.TryExportAsync(new ExportRange(since, until), cancellation);
        if (export is null)
            return Problems.Unavailable("an export is already under way (Peeps:Export:MaxConcurrent); try again when it has finished");
        // The copy and its slot go once the response has been sent, or abandoned.
        context.Response.RegisterForDispose(export);
        return TypedResults.Stream(export.Content, ContentType, "peeps-export.sqlite");
    }
}

using System.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;
using Peeps.Ingest.Metrics;

namespace Peeps.Web.Api;

/// <summary>
/// Counts and times every query of the SQL surface by endpoint and outcome: the kind of SQL problem when it failed
/// in the database, otherwise what the status says (a body refused before any SQL ran is <c>rejected</c>).
/// </summary>
internal sealed class SqlQueryMetricsFilter(PeepsMetrics metrics) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var started = Stopwatch.GetTimestamp();
        var outcome = "error";
        try
        {
            var result = await next(context);
            var inner = result is INestedHttpResult nested ? nested.Result : result;
            outcome = (inner is ProblemHttpResult problem ? SqlProblems.OutcomeOf(problem.ProblemDetails) : null)
                ?? Outcome((inner as IStatusCodeHttpResult)?.StatusCode ?? StatusCodes.Status200OK);
            return result;
        }
        finally
        {
            var endpoint = context.HttpContext.Request.Path.StartsWithSegments("/api/query") ? "query" : "sql";
            metrics.SqlQuery(endpoint, outcome, Stopwatch.GetElapsedTime(started));
        }
    }

    private static string Outcome(int status) => status switch
    {
        < 300 => "ok",
        < 500 => "rejected",
        _ => "error",
    };
}

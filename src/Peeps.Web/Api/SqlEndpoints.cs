using Microsoft.AspNetCore.Http.HttpResults;
using Peeps.Storage.QueryPacks;
using Peeps.Storage.Reading;

namespace Peeps.Web.Api;

public static class SqlEndpoints
{
    public sealed record SqlRequest(string? Sql)
    {
        public static ValueTask<SqlRequest?> BindAsync(HttpContext context) => JsonRequestBody.ReadAsync<SqlRequest>(context);
    }

    public sealed record QueryRequest(string? Name, int? Limit)
    {
        public static ValueTask<QueryRequest?> BindAsync(HttpContext context) => JsonRequestBody.ReadAsync<QueryRequest>(context);
    }

    /// <summary>Exactly the contract's shape: a result over a bound is an error, never a silently shorter answer.</summary>
    public sealed record SqlResponse(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, int RowCount)
    {
        public static SqlResponse From(QueryResult result) => new(result.Columns, result.Rows, result.RowCount);
    }

    public static IEndpointRouteBuilder MapSql(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/sql").MapPost("/", RunSql).DescribedAsJsonBody<SqlRequest>().AddEndpointFilter<SqlQueryMetricsFilter>()
            .WithName("RunSql").WithSummary("One bounded, read-only SQL statement (upstream contract)");
        routes.MapGroup("/api/query").MapPost("/", RunPack).DescribedAsJsonBody<QueryRequest>().AddEndpointFilter<SqlQueryMetricsFilter>()
            .WithName("RunQueryPack").WithSummary("A named query pack: blockers, stalled channels, deadlocks... (upstream contract)");
        return routes;
    }

    private static async Task<Results<Ok<SqlResponse>, ProblemHttpResult>> RunSql(SqlRequest? request, ISqlQueryExecutor executor, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(request?.Sql))
            return Problems.BadRequest("sql is required: send {\"sql\": \"select ...\"}");
        return await SqlProblems.Run(() => executor.ExecuteAsync(request.Sql, cancellation));
    }

    private static async Task<Results<Ok<SqlResponse>, ProblemHttpResult>> RunPack(QueryRequest? request, QueryPackRunner packs, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(request?.Name))
            return Problems.BadRequest($"name is required; valid names: {string.Join(", ", QueryPackCatalog.Named.Select(p => p.Name))}");
        return await SqlProblems.Run(() => packs.RunAsync(request.Name, request.Limit, cancellation));
    }
}

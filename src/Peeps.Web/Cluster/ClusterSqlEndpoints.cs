using Microsoft.AspNetCore.Http.HttpResults;
using Peeps.Storage.QueryPacks;
using Peeps.Storage.Reading;
using Peeps.Web.Api;

namespace Peeps.Web.Cluster;

/// <summary>
/// <c>/api/sql</c> and <c>/api/query</c> in cluster mode. SQL runs on every shard (or the one <c>node</c> names) and
/// the rows are concatenated; a pack is merged exactly (<see cref="PackOrder"/>). <c>shards</c> says what each node
/// contributed, or why it did not; when no shard answered, the first failure is the answer, as on a single node.
/// </summary>
public static class ClusterSqlEndpoints
{
    public sealed record ClusterSqlRequest(string? Sql, string? Node)
    {
        public static ValueTask<ClusterSqlRequest?> BindAsync(HttpContext context) => JsonRequestBody.ReadAsync<ClusterSqlRequest>(context);
    }

    public sealed record ShardView(string Node, int? RowCount, string? Error);

    /// <summary>The contract's members first; <c>shards</c> is cluster mode's.</summary>
    public sealed record ClusterSqlResponse(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, int RowCount, IReadOnlyList<ShardView> Shards);

    public static IEndpointRouteBuilder MapClusterSql(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/sql").MapPost("/", RunSql).DescribedAsJsonBody<ClusterSqlRequest>().AddEndpointFilter<SqlQueryMetricsFilter>();
        routes.MapGroup("/api/query").MapPost("/", RunPack).DescribedAsJsonBody<SqlEndpoints.QueryRequest>().AddEndpointFilter<SqlQueryMetricsFilter>();
        return routes;
    }

    private static async Task<Results<Ok<ClusterSqlResponse>, ProblemHttpResult>> RunSql(ClusterSqlRequest? request, ClusterGather gather, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(request?.Sql))
            return Problems.BadRequest("sql is required: send {\"sql\": \"select ...\"}");
        var question = new RunNodeSql(request.Sql);
        IReadOnlyList<ClusterGather.NodeAnswer<NodeSqlAnswer>> answers;
        if (request.Node is { } node)
        {
            if (await gather.AskOneAsync<NodeSqlAnswer>(node, question, cancellation) is not { } one)
                return Problems.BadRequest($"no node is named '{node}'; nodes: {string.Join(", ", gather.View.Members().Select(m => m.Name))}");
            answers = [one];
        }
        else
        {
            answers = await gather.AskAllAsync<NodeSqlAnswer>(question, cancellation);
        }
        var answered = answers.Where(a => a.Answer is { Error: null }).ToList();
        if (answered.Count == 0) return Failure(answers);
        return TypedResults.Ok(Response(answered[0].Answer!.Columns, [.. answered.SelectMany(a => a.Answer!.Rows)], answers));
    }

    private static async Task<Results<Ok<ClusterSqlResponse>, ProblemHttpResult>> RunPack(
        SqlEndpoints.QueryRequest? request, ClusterGather gather, SqlQuerySettings settings, CancellationToken cancellation)
    {
        if (string.IsNullOrWhiteSpace(request?.Name))
            return Problems.BadRequest($"name is required; valid names: {string.Join(", ", QueryPackCatalog.Named.Select(p => p.Name))}");
        if (QueryPackCatalog.Find(request.Name) is not { } pack)
            return Problems.BadRequest(new UnknownQueryPackException(request.Name).Message);
        var limit = request.Limit ?? Math.Min(QueryPackRunner.DefaultLimit, settings.MaxRows);
        if (limit < 1 || limit > settings.MaxRows)
            return Problems.BadRequest(new InvalidQueryPackLimitException(limit, settings.MaxRows).Message);
        var order = PackOrder.Of(pack);
        // Each shard's first `limit` rows in pack order hold every row of the merged first `limit`.
        var answers = await gather.AskAllAsync<NodeSqlAnswer>(new RunNodeSql($"{order.Sql}\nLIMIT {limit}"), cancellation);
        var answered = answers.Where(a => a.Answer is { Error: null }).ToList();
        if (answered.Count == 0) return Failure(answers);
        var rows = order.Merge(answered.SelectMany(a => a.Answer!.Rows), limit);
        return TypedResults.Ok(Response([.. pack.Columns], rows, answers));
    }

    private static ClusterSqlResponse Response(IReadOnlyList<string> columns, List<object?[]> rows, IEnumerable<ClusterGather.NodeAnswer<NodeSqlAnswer>> answers) =>
        new(columns, rows, rows.Count,
            [.. answers.Select(a => new ShardView(a.Node, a.Answer is { Error: null } ok ? ok.Rows.Length : null, a.Answer?.Error ?? a.Failure))]);

    private static ProblemHttpResult Failure(IReadOnlyList<ClusterGather.NodeAnswer<NodeSqlAnswer>> answers)
    {
        var first = answers.FirstOrDefault(a => a.Answer?.Error is not null);
        if (first is not null) return SqlProblems.FromType(first.Answer!.ErrorType, first.Answer.Error!);
        return Problems.Unavailable($"no node answered: {string.Join("; ", answers.Select(a => $"{a.Node}: {a.Failure}"))}");
    }
}

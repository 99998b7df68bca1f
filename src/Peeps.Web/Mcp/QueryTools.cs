using System.ComponentModel;
using ModelContextProtocol.Server;
using Peeps.Storage.QueryPacks;
using Peeps.Storage.Reading;

namespace Peeps.Web.Mcp;

/// <summary>The read-only SQL surface and the named query packs, with the same bounds as <c>/api/sql</c> and <c>/api/query</c>.</summary>
[McpServerToolType]
public sealed class QueryTools
{
    [McpServerTool(Name = "query", ReadOnly = true, Idempotent = true)]
    [Description("""
        Runs a named query pack over the live tables: blockers, blocked-senders, blocked-receivers, stalled-sends,
        channel-pressure, channel-health, scope-membership, stale-blockers (and any packs this server adds; an unknown
        name answers the list). Answers columns and rows; at most `limit` rows (default 50).
        """)]
    public static async Task<string> Query(
        QueryPackRunner packs, ToolAnswers answers, CancellationToken cancellation,
        [Description("The pack's name.")] string name,
        [Description("Most rows to return.")] int limit = 50)
    {
        try
        {
            var result = await packs.RunAsync(name, limit, cancellation);
            return answers.Of(new { columns = result.Columns, rows = result.Rows, row_count = result.RowCount }, "ask for fewer rows with limit");
        }
        catch (Exception e) when (e is SqlQueryException or UnknownQueryPackException or InvalidQueryPackLimitException)
        {
            return ToolAnswers.Error(e.Message);
        }
    }

    [McpServerTool(Name = "sql", ReadOnly = true, Idempotent = true)]
    [Description("""
        Runs one read-only SQLite statement over the tables (connections, entities, edges, events, scopes,
        entity_scope_links, cuts, cut_acks, stream_cursors, delta_batches, snapshots). JSON columns end in _json and
        read with json_extract, e.g. json_extract(entity_json, '$.name'). Time, rows and bytes are bounded by the server;
        a result over a bound is an error: add a LIMIT.
        """)]
    public static async Task<string> Sql(
        ISqlQueryExecutor sql, ToolAnswers answers, CancellationToken cancellation,
        [Description("One read-only SQL statement.")] string query)
    {
        try
        {
            var result = await sql.ExecuteAsync(query, cancellation);
            return answers.Of(new { columns = result.Columns, rows = result.Rows, row_count = result.RowCount }, "add a LIMIT or select fewer columns");
        }
        catch (SqlQueryException e)
        {
            return ToolAnswers.Error(e.Message);
        }
    }
}

using System.ComponentModel;
using Akka.Actor;
using Akka.Hosting;
using ModelContextProtocol.Server;
using Peeps.Ingest.Connections;
using Peeps.Storage.Reading;
using Peeps.Web.Api;

namespace Peeps.Web.Mcp;

/// <summary>What is connected now, and which processes have ever been.</summary>
[McpServerToolType]
public sealed class ConnectionTools
{
    [McpServerTool(Name = "connections", ReadOnly = true, Idempotent = true)]
    [Description("""
        Lists the runtime processes connected right now: conn_id (the id every other tool uses to name a process),
        process_name and pid. Call it first to see what is being watched. Small answer: one line per process.
        """)]
    public static async Task<string> Connections(
        IRequiredActor<ConnectionRegistry> registry, ApiTimeouts timeouts, ToolAnswers answers, CancellationToken cancellation)
    {
        var live = await registry.ActorRef.Ask<ConnectionRegistry.Live>(ConnectionRegistry.GetLive.Instance, timeouts.Actor, cancellation);
        return answers.Of(new
        {
            connected_processes = live.Connections.Length,
            processes = live.Connections.Select(c => new { conn_id = c.ConnId, process_name = c.ProcessName, pid = c.Pid }),
        }, "there are too many processes to list; use the sql tool on the connections table with a LIMIT");
    }

    [McpServerTool(Name = "processes", ReadOnly = true, Idempotent = true)]
    [Description("""
        Lists processes by name and pid with every connection each has had, live or closed (a runtime that reconnects
        gets a new conn_id). Use it to find a process that disconnected or restarted. At most `limit` processes
        (default 50, most recently connected first).
        """)]
    public static async Task<string> Processes(
        ISqlQueryExecutor sql, ToolAnswers answers, CancellationToken cancellation,
        [Description("Most processes to list (1-500).")] int limit = 50)
    {
        if (limit is < 1 or > 500) return ToolAnswers.Error("limit must be between 1 and 500");
        var result = await sql.ExecuteOwnAsync($"""
            SELECT process_name, pid, count(*), sum(disconnected_at_ns IS NULL), group_concat(conn_id),
                   min(connected_at_ns), max(connected_at_ns)
            FROM connections GROUP BY process_name, pid ORDER BY max(connected_at_ns) DESC LIMIT {limit}
            """, cancellation);
        return answers.Of(new
        {
            processes = result.Rows.Select(r => new
            {
                process_name = r[0],
                pid = r[1],
                connections = r[2],
                live_connections = r[3],
                conn_ids = r[4],
                first_connected_at_ns = r[5],
                last_connected_at_ns = r[6],
            }),
        }, "ask for fewer with limit");
    }
}

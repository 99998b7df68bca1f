using System.ComponentModel;
using Akka.Actor;
using Akka.Hosting;
using ModelContextProtocol.Server;
using Peeps.Ingest.Connections;
using Peeps.Web.Api;
using Peeps.Web.Processes;

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
        IRequiredActor<ConnectionRegistry> registry, ApiSettings timeouts, ToolAnswers answers, CancellationToken cancellation)
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
        Lists processes with every connection each has had, live or closed: a runtime that reconnects gets a new
        conn_id, and connections with the same process_name and pid, each opening after the previous closed and within
        the server's reconnect window, are one process (as GET /api/processes says). Use it to find a process that
        disconnected, restarted or flaps. At most `limit` processes (default 50, most recently connected first).
        """)]
    public static async Task<string> Processes(
        ProcessDirectory directory, ToolAnswers answers, CancellationToken cancellation,
        [Description("Most processes to list (1-500).")] int limit = 50)
    {
        if (limit is < 1 or > 500) return ToolAnswers.Error("limit must be between 1 and 500");
        var listing = await directory.ListAsync(cancellation);
        return answers.Of(new
        {
            truncated = listing.Truncated,
            processes = listing.Processes.OrderByDescending(p => p.Current.ConnectedAtNs).Take(limit).Select(p => new
            {
                process_name = p.ProcessName,
                pid = p.Pid,
                connected = p.Connected,
                current_conn_id = p.Current.ConnId,
                reconnections = p.Connections.Count - 1,
                conn_ids = p.Connections.Select(c => c.ConnId),
                first_connected_at_ns = p.Connections[0].ConnectedAtNs,
                last_connected_at_ns = p.Current.ConnectedAtNs,
            }),
        }, "ask for fewer with limit");
    }
}

using System.ComponentModel;
using ModelContextProtocol.Server;
using Peeps.Diagnosis;
using Peeps.Ingest;
using Peeps.Web.History;

namespace Peeps.Web.Mcp;

/// <summary>The graph at a past instant, diagnosed: what <c>GET /api/graph/diagnosis?at=</c> answers, sized for an agent.</summary>
[McpServerToolType]
public sealed class HistoryTools
{
    private const long NsPerSecond = 1_000_000_000;

    [McpServerTool(Name = "graph_at", ReadOnly = true, Idempotent = true)]
    [Description("""
        Rebuilds the graph as it was at a past instant from the server's stored history (no process is asked) and
        diagnoses it: the processes connected then with how old each one's state was (state_age_ms), the processes
        whose history is no longer held, and the diagnosis (deadlocks, top wait chains, warnings, counts) of that
        instant. Give the instant as at_ns (unix nanoseconds, as every *_ns in answers) or seconds_ago. Use it when
        the hang happened before anyone looked: step back until the deadlock appears, to see when it formed.
        """)]
    public static async Task<string> GraphAt(
        IGraphAtSource history, DiagnosisSettings settings, McpSettings mcp, ToolAnswers answers, CancellationToken cancellation,
        [Description("The instant in unix nanoseconds.")] long? at_ns = null,
        [Description("Or the instant as seconds before now (e.g. 300 for five minutes ago).")] double? seconds_ago = null,
        [Description("Only this process: a conn_id or a process name.")] string? process = null,
        [Description("Wait chains to include, longest-blocked first.")] int? chains = null)
    {
        var now = UnixTime.NowNs();
        if (at_ns is not null && seconds_ago is not null) return ToolAnswers.Error("give at_ns or seconds_ago, not both");
        if (seconds_ago is < 0 or > 10 * 365 * 86_400.0) return ToolAnswers.Error("seconds_ago must be between 0 and ten years");
        var at = at_ns ?? (seconds_ago is { } ago ? now - (long)(ago * NsPerSecond) : null);
        if (InstantCheck.Problem(at, now) is { } problem) return ToolAnswers.Error(at is null ? "give at_ns or seconds_ago" : problem);
        var outcome = await history.RebuildAsync(at!.Value, process, cancellation);
        switch (outcome)
        {
            case GraphHistory.Busy busy: return ToolAnswers.Error(busy.Reason);
            case GraphHistory.Refused refused: return ToolAnswers.Error(refused.Reason);
        }
        var json = ((GraphHistory.Rebuilt)outcome).Json;
        var document = GraphHistory.Parse(json);
        var wanted = Math.Clamp(chains ?? mcp.DefaultChains, 0, settings.MaxChains);
        var report = Diagnoser.Diagnose(document, settings with { MaxChains = wanted });
        return answers.Of(new
        {
            at_ns = at,
            processes = GraphHistory.Ages(json),
            processes_without_history = document.Unanswered,
            diagnosis = report,
        }, "ask for fewer chains, or narrow it with process");
    }
}

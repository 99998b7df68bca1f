using System.ComponentModel;
using ModelContextProtocol.Server;
using Peeps.Diagnosis;
using Peeps.Diagnosis.Diff;
using Peeps.Diagnosis.Graph;
using Peeps.Ingest.Snapshots;
using Peeps.Web.Diagnosis;
using Peeps.Web.Hosting;

namespace Peeps.Web.Mcp;

/// <summary>Fresh snapshots, their diagnosis, wait chains and diffs: the same answers as the HTTP API, sized for an agent.</summary>
[McpServerToolType]
public sealed class SnapshotTools
{

    [McpServerTool(Name = "snapshot_fresh")]
    [Description("""
        Takes a consistent snapshot of every connected process now (a cut, a wait until each process has caught up,
        then the snapshot) and stores it. Answers its snapshot_id and a summary (processes that answered or not,
        entity and wait counts, deadlocks found), not the graph itself: pass the id to diagnose, wait_chain, entity,
        channel_state, task_state or diff. Takes up to timeout_ms (default 5000).
        """)]
    public static async Task<string> SnapshotFresh(
        FreshSnapshots fresh, SnapshotSettings snapshots, DiagnosisSettings settings, ToolAnswers answers,
        ReadOnlyMode readOnly, CancellationToken cancellation,
        [Description("How long the cut and the snapshot may each wait for slow processes, in ms (1 to the server's maximum, Peeps:Snapshots:MaxTimeout, 60000 unless configured; Peeps:Snapshots:DefaultTimeout, 5000, when omitted).")] long? timeout_ms = null)
    {
        if (readOnly.Enabled)
            return ToolAnswers.Error(readOnly.Refusal("snapshot_fresh takes a cut and a snapshot of live runtimes; diagnose, wait_chain, diff and graph_at read what the copy holds"));
        if (SnapshotTimeout.Resolve(timeout_ms, snapshots, out var invalid) is not { } timeout)
            return ToolAnswers.Error(invalid!);
        var outcome = await fresh.TakeAsync(timeout, cancellation);
        if (outcome is FreshSnapshots.Failed failed) return ToolAnswers.Error($"the snapshot could not be taken: {failed.Reason}");
        var taken = (FreshSnapshots.Taken)outcome;
        var document = StoredSnapshots.Parse(taken.Json.Span, taken.SnapshotId);
        var summary = Diagnoser.Diagnose(document, settings).Summary;
        if (!taken.Stored)
            return ToolAnswers.Error($"snapshot {taken.SnapshotId} was taken but is not stored yet (the store is behind); try diagnose with it in a moment");
        return answers.Of(new
        {
            snapshot_id = taken.SnapshotId,
            cut_id = taken.CutId,
            cut_complete = taken.CutComplete,
            processes = document.Processes.Select(p => new { conn_id = p.Process.ConnId, process_name = p.Process.ProcessName, pid = p.Process.Pid, entities = p.Entities.Count }),
            unanswered_processes = document.Unanswered,
            summary,
        }, "this should not happen for a summary; report it");
    }

    [McpServerTool(Name = "diagnose", ReadOnly = true, Idempotent = true)]
    [Description("""
        Diagnoses a stored snapshot across processes: deadlocks (each with members named by conn_id and entity_id,
        the edges that close the cycle, confidence certain or candidate with reasons, how long it has lasted), the
        top wait chains (blocked tasks followed to their root blockers, as trees, process hops marked), warnings
        (long waits, full channels, unanswered requests, silent processes, closed channels, waiting holders) and
        summary counts. Without snapshot_id, the newest stored snapshot. Use `chains` to ask for more or fewer chains
        (default 10); answers over the size bound are refused with a hint, never cut silently.
        """)]
    public static async Task<string> Diagnose(
        StoredSnapshots stored, DiagnosisSettings settings, McpSettings mcp, ToolAnswers answers, CancellationToken cancellation,
        [Description("A snapshot id from snapshot_fresh or the history; the newest when omitted.")] long? snapshot_id = null,
        [Description("Wait chains to include, longest-blocked first.")] int? chains = null)
    {
        if (await ResolveAsync(stored, snapshot_id, cancellation) is not { } id) return NoSnapshots(snapshot_id);
        if (await stored.ReadAsync(id, cancellation) is not { } document) return NoSnapshot(id);
        var wanted = Math.Clamp(chains ?? mcp.DefaultChains, 0, settings.MaxChains);
        var report = Diagnoser.Diagnose(document, settings with { MaxChains = wanted }, await stored.ReadPreviousAsync(id, cancellation));
        return answers.Of(report, "ask for fewer chains, or follow one entity with wait_chain");
    }

    [McpServerTool(Name = "wait_chain", ReadOnly = true, Idempotent = true)]
    [Description("""
        Follows what one entity waits on, step by step, to its root blockers (running work, external I/O, an
        unanswered request, a silent process, a resource whose holder is unknown) or into a deadlock, as a tree with
        each step's edge kind, age and process hop. Answers the question "why is this waiting?".
        """)]
    public static async Task<string> WaitChain(
        StoredSnapshots stored, DiagnosisSettings settings, ToolAnswers answers, CancellationToken cancellation,
        [Description("The process's conn_id.")] long conn_id,
        [Description("The entity id within that process.")] string entity_id,
        [Description("A snapshot id; the newest when omitted.")] long? snapshot_id = null)
    {
        if (await ResolveAsync(stored, snapshot_id, cancellation) is not { } id) return NoSnapshots(snapshot_id);
        if (await stored.ReadAsync(id, cancellation) is not { } document) return NoSnapshot(id);
        var chain = Diagnoser.WaitChainFrom(WaitGraphBuilder.Build(document), conn_id, entity_id, settings);
        return chain is null
            ? ToolAnswers.Error($"snapshot {id} has no entity '{entity_id}' of connection {conn_id}")
            : answers.Of(chain, "the chain's tree is too wide; follow one branch's entity with another wait_chain call");
    }

    [McpServerTool(Name = "diff", ReadOnly = true, Idempotent = true)]
    [Description("""
        Compares two stored snapshots (older first): entities that appeared, went or changed (with the body before and
        after), wait edges added and removed, deadlocks resolved, persisting or new, and still_blocked: the waits in
        both, with their ages. Same waits, older = stuck; different waits = slow. Lists are cut at `max_items` each
        (default 50), counts stay whole.
        """)]
    public static async Task<string> Diff(
        StoredSnapshots stored, DiagnosisSettings settings, ToolAnswers answers, CancellationToken cancellation,
        [Description("The older snapshot id.")] long from_snapshot_id,
        [Description("The newer snapshot id.")] long to_snapshot_id,
        [Description("Items per list (1-1000).")] int max_items = 50)
    {
        if (max_items is < 1 or > 1000) return ToolAnswers.Error("max_items must be between 1 and 1000");
        if (await stored.ReadAsync(from_snapshot_id, cancellation) is not { } from) return NoSnapshot(from_snapshot_id);
        if (await stored.ReadAsync(to_snapshot_id, cancellation) is not { } to) return NoSnapshot(to_snapshot_id);
        var diff = SnapshotDiffer.Diff(WaitGraphBuilder.Build(from), WaitGraphBuilder.Build(to), settings with { MaxDiffItems = max_items });
        return answers.Of(diff, "ask for fewer items with max_items");
    }

    internal static async Task<long?> ResolveAsync(StoredSnapshots stored, long? snapshotId, CancellationToken cancellation) =>
        snapshotId ?? await stored.LatestIdAsync(cancellation);

    internal static string NoSnapshot(long id) =>
        ToolAnswers.Error($"no stored snapshot {id} (unknown, not yet written, or pruned by retention); take one with snapshot_fresh");

    internal static string NoSnapshots(long? asked) =>
        asked is { } id ? NoSnapshot(id) : ToolAnswers.Error("no snapshot has been taken yet; take one with snapshot_fresh");
}

using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Peeps.Ingest.Coordination;
using Peeps.Ingest.Cuts;
using Peeps.Ingest.Tracing;

namespace Peeps.Web.Api;

public static class CutsEndpoints
{
    public sealed record CutCreatedView(string CutId, long RequestedAtNs, int RequestedConnections);

    /// <summary>
    /// One requested connection. <c>state</c> is <c>awaiting_ack</c> or <c>awaiting_commit</c> while pending, then
    /// <c>committed</c>, <c>disconnected</c> or <c>unreachable</c>; <c>settled_at_ns</c> is when it stopped pending.
    /// </summary>
    public sealed record CutConnectionView(
        long ConnId,
        string ProcessName,
        uint Pid,
        string State,
        string? AckedStreamId,
        ulong? AckedNextSeqNo,
        ulong? CommittedNextSeqNo,
        long? AckedAtNs,
        long? SettledAtNs);

    /// <summary>
    /// The contract's members first; <c>requested_connections</c>, <c>complete</c>, <c>completed_at_ns</c> and
    /// <c>connections</c> are ours, so a test can time a cut from the server's own clock.
    /// </summary>
    public sealed record CutStatusView(
        string CutId,
        long RequestedAtNs,
        int PendingConnections,
        int AckedConnections,
        IReadOnlyList<long> PendingConnIds,
        int RequestedConnections,
        bool Complete,
        long? CompletedAtNs,
        IReadOnlyList<CutConnectionView> Connections)
    {
        public static CutStatusView From(CutStatus status)
        {
            var pending = status.PendingConnIds;
            return new(
                status.CutId,
                status.RequestedAtNs,
                pending.Count,
                status.AckedConnections,
                pending,
                status.Members.Length,
                status.Complete,
                status.CompletedAtNs,
                [.. status.Members.Select(m => new CutConnectionView(
                    m.ConnId, m.ProcessName, m.Pid, JsonNamingPolicy.SnakeCaseLower.ConvertName(m.State.ToString()),
                    m.AckedStreamId, m.AckedNextSeqNo, m.CommittedNextSeqNo, m.AckedAtNs, m.SettledAtNs))]);
        }
    }

    public static IEndpointRouteBuilder MapCuts(this IEndpointRouteBuilder routes)
    {
        var cuts = routes.MapGroup("/api/cuts");
        cuts.MapPost("/", Start).WithName("StartCut").WithSummary("Request a cut across every connected process (upstream contract)")
            .RefusedWhenReadOnly("a cut asks live runtimes");
        // A cut's progress lives in the cut coordinator (and its journal), which a read-only server does not run; the
        // copy's cut rows stay readable through /api/sql.
        cuts.MapGet("/{cutId}", Read).WithName("GetCut").WithSummary("A cut's progress: acked and pending connections (upstream contract)")
            .RefusedWhenReadOnly("a cut's progress is kept by the cut coordinator (its rows are in the cuts and cut_acks tables, readable with /api/sql)");
        return routes;
    }

    /// <summary>The contract's cut request has no body; upstream ignores whatever is sent, and so does this.</summary>
    private static async Task<Results<Ok<CutCreatedView>, ProblemHttpResult>> Start(
        IRequiredActor<CutCoordinator> coordinator, ApiSettings timeouts, CancellationToken cancellation)
    {
        using var ask = PeepsTracing.Source.StartActivity("peeps.cut.ask", System.Diagnostics.ActivityKind.Client);
        var answer = await coordinator.ActorRef.Ask<object>(new StartCut(ask?.Context ?? default), timeouts.Actor, cancellation);
        ask?.SetTag(PeepsTracing.OutcomeTag, answer.GetType().Name);
        return answer switch
        {
            CutStarted started => TypedResults.Ok(new CutCreatedView(started.CutId, started.RequestedAtNs, started.RequestedConnections)),
            CutNotStarted failed => Problems.Unavailable($"the cut could not be started: {failed.Reason}"),
            CoordinatorUnavailable down => Problems.Unavailable($"the cut could not be started: {down.Reason}"),
            _ => throw new InvalidOperationException($"the cut coordinator answered {answer.GetType().Name}"),
        };
    }

    private static async Task<Results<Ok<CutStatusView>, ProblemHttpResult>> Read(
        string cutId, IRequiredActor<CutCoordinator> coordinator, ApiSettings timeouts, CancellationToken cancellation)
    {
        var answer = await coordinator.ActorRef.Ask<object>(new GetCut(cutId), timeouts.Actor, cancellation);
        return answer switch
        {
            CutStatus status => TypedResults.Ok(CutStatusView.From(status)),
            CutNotFound => Problems.NotFound($"unknown cut id '{cutId}'"),
            CoordinatorUnavailable down => Problems.Unavailable($"the cut cannot be read now: {down.Reason}"),
            _ => throw new InvalidOperationException($"the cut coordinator answered {answer.GetType().Name}"),
        };
    }
}

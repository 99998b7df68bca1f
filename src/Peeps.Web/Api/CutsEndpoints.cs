using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Peeps.Ingest.Coordination;
using Peeps.Ingest.Cuts;

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
        cuts.MapPost("/", Start);
        cuts.MapGet("/{cutId}", Read);
        return routes;
    }

    /// <summary>
    /// The contract's cut request has no body, and clients send none or <c>{}</c>, with any content type; a body
    /// that is present must still be JSON, so a garbled request is refused rather than silently taken for a cut.
    /// </summary>
    private static async Task<Results<Ok<CutCreatedView>, ProblemHttpResult>> Start(
        HttpRequest request, IRequiredActor<CutCoordinator> coordinator, ApiTimeouts timeouts, CancellationToken cancellation)
    {
        if (await MalformedBodyAsync(request, cancellation) is { } malformed)
            return Problems.BadRequest($"request body is not valid JSON: {malformed}");
        var answer = await coordinator.ActorRef.Ask<object>(StartCut.Instance, timeouts.Actor, cancellation);
        return answer switch
        {
            CutStarted started => TypedResults.Ok(new CutCreatedView(started.CutId, started.RequestedAtNs, started.RequestedConnections)),
            CutNotStarted failed => Problems.Unavailable($"the cut could not be started: {failed.Reason}"),
            CoordinatorUnavailable down => Problems.Unavailable($"the cut could not be started: {down.Reason}"),
            _ => throw new InvalidOperationException($"the cut coordinator answered {answer.GetType().Name}"),
        };
    }

    /// <summary>Why the body is not JSON; null when it is, or when there is none (whitespace only counts as none).</summary>
    private static async Task<string?> MalformedBodyAsync(HttpRequest request, CancellationToken cancellation)
    {
        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellation);
        if (body.Length == 0 || body.ToArray().All(b => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return null;
        try
        {
            using var _ = JsonDocument.Parse(body.GetBuffer().AsMemory(0, (int)body.Length));
            return null;
        }
        catch (JsonException e)
        {
            return e.Message;
        }
    }

    private static async Task<Results<Ok<CutStatusView>, ProblemHttpResult>> Read(
        string cutId, IRequiredActor<CutCoordinator> coordinator, ApiTimeouts timeouts, CancellationToken cancellation)
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

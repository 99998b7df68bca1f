using System.Diagnostics;
using Peeps.Ingest.Connections;

namespace Peeps.Ingest.Tracing;

/// <summary>
/// The open span of each cut member asked for its ack, from the request to its ack or to its settling without one.
/// Held only for cuts the coordinator still retains, so a member that never answers cannot keep a span forever;
/// spans are not journaled, so a restarted coordinator continues a cut without them.
/// </summary>
internal sealed class CutMemberSpans
{
    private readonly Dictionary<(long Number, long ConnId), Activity> _open = new();

    public void Start(long number, string cutId, LiveConnection connection, ActivityContext parent)
    {
        var span = PeepsTracing.StartConnectionSpan("peeps.cut.request", parent, connection.ConnId, connection.ProcessName, connection.Pid);
        if (span is null) return;
        span.SetTag(PeepsTracing.CutIdTag, cutId);
        _open[(number, connection.ConnId)] = span;
    }

    /// <summary>Ends the member's span; its context is returned so the row the answer leaves joins the same trace.</summary>
    public ActivityContext End(long number, long connId, string outcome, bool failed = false)
    {
        if (!_open.Remove((number, connId), out var span)) return default;
        span.StopDetached(outcome, failed);
        return span.Context;
    }

    public void EndCut(long number, IEnumerable<long> connIds)
    {
        foreach (var connId in connIds) End(number, connId, "forgotten", failed: true);
    }
}

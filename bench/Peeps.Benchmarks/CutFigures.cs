namespace Peeps.Benchmarks;

/// <summary>
/// Cuts taken during one paced run. <paramref name="PastSlowestAckMs"/> runs from the moment the slowest runtime wrote
/// its ack to the poll that saw the cut complete (the harness's clock, so it includes up to one poll interval);
/// <paramref name="PastSlowestAckServerMs"/> is the server's own <c>completed_at_ns</c> minus the last <c>acked_at_ns</c>.
/// </summary>
public sealed record CutFigures(Percentiles? CompletionMs, Percentiles? PastSlowestAckMs, Percentiles? PastSlowestAckServerMs, int Unfinished)
{
    /// <summary>Cuts the server refused with 503 (its write queue full).</summary>
    public int Refused { get; init; }
}

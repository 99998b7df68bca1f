namespace Peeps.Benchmarks;

/// <summary>
/// One round at one connection count: a ceiling pass, the beyond-saturation ingest run and the upstream pass(es),
/// run back to back so that all of them share the same minute of the shared machine's load.
/// </summary>
public sealed record HeadlineRound(
    int Round,
    int Connections,
    StoreResult Ceiling,
    IngestResult Ingest,
    StoreResult Upstream,
    StoreResult? UpstreamOnItsSchema)
{
    public double OfCeiling => Ingest.CommittedPerSecond / Ceiling.ChangesPerSecond;

    public double OfUpstream => Ingest.CommittedPerSecond / Upstream.ChangesPerSecond;

    public double? OfUpstreamOnItsSchema => UpstreamOnItsSchema is { } own ? Ingest.CommittedPerSecond / own.ChangesPerSecond : null;

    public double CeilingOverUpstream => Ceiling.ChangesPerSecond / Upstream.ChangesPerSecond;
}

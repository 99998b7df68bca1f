namespace Peeps.Diagnosis.Model;

/// <summary>
/// One entity of one process. <paramref name="Kind"/> is the body variant (<c>future</c>, <c>channel_rx</c>, ...);
/// <paramref name="BodyJson"/> is the body exactly as the process sent it, for diffs and answers.
/// </summary>
public sealed record EntityInfo(
    string Id,
    string Name,
    long? Birth,
    string? Source,
    string Kind,
    string BodyJson,
    EntityFacts Facts);

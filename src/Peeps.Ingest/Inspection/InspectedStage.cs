namespace Peeps.Ingest.Inspection;

/// <summary>
/// One stage of the live graph as the registry sees it: the meters on its input and output side (shared with its
/// neighbours), the meter whose waits are this stage's backpressure, and its buffer, if it has one.
/// </summary>
public sealed record InspectedStage(
    string Name,
    string Kind,
    long? ConnId,
    StageMeter? In,
    StageMeter? Out,
    StageMeter? Backpressure,
    Func<StageFill>? Fill = null);

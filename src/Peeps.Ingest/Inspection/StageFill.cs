namespace Peeps.Ingest.Inspection;

/// <summary>How full a stage's buffer is now, in <paramref name="Unit"/>s (messages, commands, weight or groups).</summary>
public readonly record struct StageFill(long Current, long Capacity, string Unit);

namespace Peeps.Diagnosis.Reports;

/// <summary>An entity as every answer names it: with its process, never as a bare id.</summary>
public sealed record NodeView(
    long ConnId,
    string ProcessName,
    long Pid,
    string EntityId,
    string Name,
    string Kind,
    string State,
    long? AgeMs,
    string? Source);

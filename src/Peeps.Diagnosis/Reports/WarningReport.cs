using Peeps.Diagnosis.Model;

namespace Peeps.Diagnosis.Reports;

/// <summary>A lint finding; <paramref name="Id"/> is one of <see cref="Warnings.WarningIds"/>, explained in docs/diagnosis.md.</summary>
public sealed record WarningReport(
    string Id,
    string Message,
    long? AgeMs,
    long? ThresholdMs,
    IReadOnlyList<NodeView> Entities,
    IReadOnlyList<ProcessRef> Processes);

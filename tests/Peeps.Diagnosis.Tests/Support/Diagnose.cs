using Peeps.Diagnosis.Reports;

namespace Peeps.Diagnosis.Tests.Support;

internal static class Diagnose
{
    public static readonly DiagnosisSettings Defaults = new();

    public static DiagnosisReport Of(SnapshotBuilder snapshot, DiagnosisSettings? settings = null) =>
        Diagnoser.Diagnose(snapshot.Build(), settings ?? Defaults);

    /// <summary>A deadlock's members as "conn:id" keys, sorted, for exact comparisons.</summary>
    public static string[] Members(DeadlockReport deadlock) =>
        [.. deadlock.Members.Select(m => $"{m.ConnId}:{m.EntityId}").Order(StringComparer.Ordinal)];

    public static string Key(NodeView node) => $"{node.ConnId}:{node.EntityId}";
}

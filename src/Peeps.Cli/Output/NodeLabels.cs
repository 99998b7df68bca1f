using System.Globalization;
using Peeps.Diagnosis.Reports;

namespace Peeps.Cli.Output;

/// <summary>How the diagnosis reports name entities, edges and durations on a terminal: always with the process.</summary>
public static class NodeLabels
{
    /// <summary><c>svc-a#3</c>: the process name and its conn id, which tells two runs of one program apart.</summary>
    public static string Process(string processName, long connId) => $"{processName}#{connId}";

    /// <summary><c>svc-a#3 future "poller" aaaa0006 (waiting)</c>.</summary>
    public static string Node(NodeView node) =>
        $"{Process(node.ProcessName, node.ConnId)} {node.Kind} \"{node.Name}\" {node.EntityId} ({node.State})";

    /// <summary>The edge kind, marked when the diagnosis inferred it (rpc, works_on) rather than read it.</summary>
    public static string Kind(string kind, bool inferred) => inferred ? $"{kind}*" : kind;

    public static string Duration(long? ms) => ms switch
    {
        null => "?",
        < 1_000 => $"{ms} ms",
        < 120_000 => (ms.Value / 1000.0).ToString("0.0 s", CultureInfo.InvariantCulture),
        _ => TimeSpan.FromMilliseconds(ms.Value).ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture),
    };

    public static string Plural(int count, string singular, string? plural = null) =>
        $"{count} {(count == 1 ? singular : plural ?? singular + "s")}";
}

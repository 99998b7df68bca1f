using System.Text.Json;

namespace Peeps.EndToEnd.Tests.Diagnosis;

/// <summary>Reads the parts of diagnosis answers the end-to-end tests compare, as plain tuples.</summary>
internal static class DiagnosisJson
{
    public static (long ConnId, string EntityId) Key(JsonElement node) =>
        (node.GetProperty("conn_id").GetInt64(), node.GetProperty("entity_id").GetString()!);

    public static IEnumerable<JsonElement> Items(JsonElement answer, string list) => answer.GetProperty(list).EnumerateArray();

    /// <summary>The deadlocks with a member in any of the processes.</summary>
    public static List<JsonElement> DeadlocksIn(JsonElement report, params string[] processes) =>
        [.. Items(report, "deadlocks").Where(d => Items(d, "members").Any(m => processes.Contains(m.GetProperty("process_name").GetString())))];

    public static HashSet<(long, string)> Members(JsonElement deadlock) => [.. Items(deadlock, "members").Select(Key)];

    /// <summary>Edges as (from, to, kind, inferred).</summary>
    public static HashSet<((long, string) From, (long, string) To, string Kind, bool Inferred)> Edges(JsonElement withEdges, string list = "edges") =>
        [.. Items(withEdges, list).Select(e => (
            (e.GetProperty("from_conn_id").GetInt64(), e.GetProperty("from_entity_id").GetString()!),
            (e.GetProperty("to_conn_id").GetInt64(), e.GetProperty("to_entity_id").GetString()!),
            e.GetProperty("kind").GetString()!,
            e.GetProperty("inferred").GetBoolean()))];

    /// <summary>The chains whose head is in one of the processes.</summary>
    public static List<JsonElement> ChainsFrom(JsonElement report, params string[] processes) =>
        [.. Items(report, "wait_chains").Where(c => processes.Contains(c.GetProperty("head").GetProperty("process_name").GetString()))];

    /// <summary>The entities along a chain that does not branch, head first.</summary>
    public static List<(long, string)> Path(JsonElement chain)
    {
        var path = new List<(long, string)>();
        for (var node = chain.GetProperty("tree"); ; node = Assert.Single(node.GetProperty("waits_on").EnumerateArray()))
        {
            path.Add(Key(node.GetProperty("entity")));
            if (node.GetProperty("waits_on").GetArrayLength() == 0) return path;
        }
    }
}

using System.Text.Json;

namespace Peeps.EndToEnd.Tests.Streams;

/// <summary>Reading helpers over a <c>GET /api/streams</c> document.</summary>
internal static class StreamGraphJson
{
    public static JsonElement Stage(this JsonElement graph, string name) =>
        graph.GetProperty("stages").EnumerateArray().Single(s => s.GetProperty("name").GetString() == name);

    public static IReadOnlyList<string> StageNames(this JsonElement graph) =>
        [.. graph.GetProperty("stages").EnumerateArray().Select(s => s.GetProperty("name").GetString()!)];

    public static IReadOnlyList<(string From, string To)> Edges(this JsonElement graph) =>
        [.. graph.GetProperty("edges").EnumerateArray().Select(e => (e.GetProperty("from").GetString()!, e.GetProperty("to").GetString()!))];

    public static JsonElement Connection(this JsonElement graph, string processName) =>
        graph.GetProperty("connections").EnumerateArray().Single(c => c.GetProperty("process_name").GetString() == processName);

    public static double Number(this JsonElement element, string property) =>
        element.GetProperty(property).ValueKind == JsonValueKind.Null ? 0 : element.GetProperty(property).GetDouble();
}

using System.Text.Json;

namespace Peeps.Testing;

/// <summary>Delta batches, in the runtime's wire JSON, that build or tear down a snapshot graph's entities and edges.</summary>
public static class GraphBatches
{
    /// <summary>One batch upserting every entity, then every edge, of <paramref name="graphJson"/> (a snapshot object).</summary>
    public static string Building(string streamId, ulong from, string graphJson)
    {
        using var graph = JsonDocument.Parse(graphJson);
        var changes = graph.RootElement.GetProperty("entities").EnumerateArray().Select(e => ("upsert_entity", e.GetRawText()))
            .Concat(graph.RootElement.GetProperty("edges").EnumerateArray().Select(e => ("upsert_edge", e.GetRawText())))
            .Select((c, i) => SampleBatches.Change(from + (ulong)i, c.Item1, c.Item2)).ToList();
        return SampleBatches.Batch(streamId, from, from + (ulong)changes.Count, changes);
    }

    /// <summary>How many changes <see cref="Building"/> makes of the graph: the stream's cursor after it.</summary>
    public static int Changes(string graphJson)
    {
        using var graph = JsonDocument.Parse(graphJson);
        return graph.RootElement.GetProperty("entities").GetArrayLength() + graph.RootElement.GetProperty("edges").GetArrayLength();
    }

    public static string Removing(string streamId, ulong from, string entityId) =>
        SampleBatches.Batch(streamId, from, from + 1, [SampleBatches.Change(from, "remove_entity", $$"""{"id":"{{entityId}}"}""")]);
}

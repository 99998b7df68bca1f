namespace Peeps.WebConsole.Tests;

/// <summary>
/// A big hand-driven process: wait chains of futures ending on a channel (needs and channel_link edges) plus
/// some entities with no edge, so a few processes together make a graph of thousands of nodes at once,
/// instead of waiting for the simulator to grow one.
/// </summary>
public static class LargeGraphScript
{
    private const int ChainLength = 6;

    public static RuntimeScript Create(int index, int entities)
    {
        var entityJson = new List<string>(entities);
        var edges = new List<string>();
        for (var i = 0; i < entities; i++)
        {
            var position = i % ChainLength;
            var body = position switch
            {
                ChainLength - 2 => """{"channel_tx":{"lifecycle":"open","details":{"mpsc":{"buffer":{"occupancy":1,"capacity":16}}}}}""",
                ChainLength - 1 => """{"channel_rx":{"lifecycle":"open","details":{"mpsc":{"buffer":{"occupancy":1,"capacity":16}}}}}""",
                _ => "\"future\"",
            };
            entityJson.Add($$$"""{"id":"e{{{i}}}","birth":{{{i}}},"source":"src/large.rs:{{{position}}}","name":"large{{{index}}}.task{{{i}}}","body":{{{body}}},"meta":{}}""");
            // Every fifth chain stays unlinked so the grid of edge-less entities is exercised too.
            var linked = i / ChainLength % 5 != 4;
            if (!linked || position == ChainLength - 1 || i + 1 >= entities) continue;
            var kind = position == ChainLength - 2 ? "channel_link" : "needs";
            edges.Add($$"""{"src":"e{{i}}","dst":"e{{i + 1}}","kind":"{{kind}}","meta":null}""");
        }
        return new RuntimeScript($"large-{index}", (uint)(78_000 + index), entityJson, edges, PtimeStartMs: (ulong)entities + 1_000);
    }
}

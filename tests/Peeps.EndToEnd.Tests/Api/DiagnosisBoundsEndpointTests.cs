using static Peeps.Testing.SnapshotGraphs;
using static Peeps.EndToEnd.Tests.Api.DiagnosisHttp;

namespace Peeps.EndToEnd.Tests.Api;

/// <summary>
/// Answers at the diagnosis bounds still serialize: a chain cut at the depth bound, default or raised, nests deeper
/// than System.Text.Json's default limit of 64 levels.
/// </summary>
public sealed class DiagnosisBoundsEndpointTests
{
    [Theory]
    [InlineData(null)]
    [InlineData(100)]
    public async Task A_chain_longer_than_the_depth_bound_is_answered_cut_at_the_bound(int? maxDepth)
    {
        var bound = maxDepth ?? 32;
        var length = bound + 8;
        var ids = Enumerable.Range(0, length).Select(i => $"cccc{i:D8}").ToList();
        var graph = Graph(ids.Select(id => Entity(id, "step")), ids.Zip(ids.Skip(1), (from, to) => Edge(from, to)));
        await using var server = await PeepsServer.StartAsync(null, maxDepth is { } d ? [$"Peeps:Diagnosis:MaxChainDepth={d}"] : []);
        await using var runtime = await ScriptedRuntime.StartAsync(server.Ingest, "deep", 4301, graph);
        await runtime.ConnIdAsync(server);

        var diagnosis = await DiagnosisOfAsync(server, await SnapshotAsync(server));

        var chain = Assert.Single(diagnosis.GetProperty("wait_chains").EnumerateArray());
        Assert.True(chain.GetProperty("truncated").GetBoolean());
        var node = chain.GetProperty("tree");
        for (var depth = 0; depth < bound; depth++) node = Assert.Single(node.GetProperty("waits_on").EnumerateArray());
        Assert.Equal(("depth", ids[bound]), (node.GetProperty("cut_by").GetString(), node.GetProperty("entity").GetProperty("entity_id").GetString()));
    }
}

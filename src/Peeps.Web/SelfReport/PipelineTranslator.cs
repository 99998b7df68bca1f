using Peeps.Ingest.Inspection;
using Peeps.Simulator.Model;

namespace Peeps.Web.SelfReport;

/// <summary>
/// Turns one sample of the live stream graph (what <c>GET /api/streams</c> shows) into the peeps model: a stage is an
/// entity, each flow (a connection's, or the shared write path) a scope, the graph's links <c>channel_link</c> edges,
/// and a stage that spent at least <see cref="SelfReportSettings.BackpressuredFraction"/> of the window waiting on its
/// downstream gets a <c>needs</c> edge to it. Rates are left out: they change every sample and would make every
/// stage a change every interval; <c>/api/streams</c> has them.
/// </summary>
public sealed class PipelineTranslator(SelfReportSettings settings, ProcessClock clock)
{
    public const string StoreScopeId = "store";

    private const int MaxProcessNameChars = 128;

    // The write path starts with the server, just before the self report does.
    private readonly ulong _storeBirth = clock.NowMs;

    public PipelineGraph Translate(StreamGraphSnapshot graph)
    {
        var connections = graph.Connections.ToDictionary(c => c.ConnId);
        var views = new Dictionary<string, StreamGraphSnapshot.Stage>();
        var stages = new Dictionary<string, PipelineStage>();
        var scopes = new Dictionary<string, PipelineScope>();
        foreach (var flow in FlowsStoreFirst(graph))
        {
            var members = flow.ToArray();
            if (stages.Count + members.Length > settings.MaxEntities) break;
            var scope = ScopeOf(flow.Key, connections);
            scopes.Add(scope.Id, scope);
            foreach (var view in members)
            {
                views.Add(view.Name, view);
                stages.Add(view.Name, new PipelineStage(view.Name, view.Kind, view.ConnId, scope.Birth, scope.Id, BufferOf(view)));
            }
        }
        var edges = new HashSet<PipelineEdge>();
        foreach (var link in graph.Edges)
        {
            if (!stages.ContainsKey(link.From) || !stages.ContainsKey(link.To)) continue;
            edges.Add(new PipelineEdge(link.From, link.To, EdgeKind.ChannelLink));
            if (IsBackpressured(views[link.From], graph.WindowMs)) edges.Add(new PipelineEdge(link.From, link.To, EdgeKind.Needs));
        }
        return new PipelineGraph(stages, scopes, edges);
    }

    /// <summary>The shared write path, then connections oldest first: the order in which the entity cap admits them.</summary>
    private static IEnumerable<IGrouping<long?, StreamGraphSnapshot.Stage>> FlowsStoreFirst(StreamGraphSnapshot graph) =>
        graph.Stages.GroupBy(s => s.ConnId).OrderBy(g => g.Key.HasValue).ThenBy(g => g.Key);

    private PipelineScope ScopeOf(long? connId, Dictionary<long, StreamGraphSnapshot.Connection> connections)
    {
        if (connId is not { } id) return new PipelineScope(StoreScopeId, "store pipeline", _storeBirth, null);
        var connection = connections[id];
        var name = connection.ProcessName is { } process
            ? $"{Shorten(process)} (pid {connection.Pid}, conn {id})"
            : $"conn {id} (before handshake)";
        return new PipelineScope($"conn-{id}", name, clock.FromUnixMs(connection.ConnectedAtUnixMs), id);
    }

    /// <summary>A runtime names itself; a huge name must not make our own changes too large for a frame.</summary>
    private static string Shorten(string processName) =>
        processName.Length <= MaxProcessNameChars ? processName : processName[..MaxProcessNameChars] + "…";

    private static StageBuffer? BufferOf(StreamGraphSnapshot.Stage view) =>
        view is { Capacity: { } capacity, Fill: { } fill }
            ? new StageBuffer(Clamp(fill), Clamp(capacity), view.FillUnit ?? "elements")
            : null;

    private bool IsBackpressured(StreamGraphSnapshot.Stage view, double windowMs) =>
        windowMs > 0 && view.BackpressuredMs is { } waited && waited >= settings.BackpressuredFraction * windowMs;

    private static uint Clamp(long value) => (uint)Math.Clamp(value, 0, uint.MaxValue);
}

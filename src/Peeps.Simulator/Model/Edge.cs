using System.Text.Json.Nodes;

namespace Peeps.Simulator.Model;

public enum EdgeKind { Polls, Needs, ClosedBy, ChannelLink, RpcLink }

/// <summary>A directed relation between two entities of one process; keyed by (src, dst, kind).</summary>
public sealed record Edge(string Src, string Dst, EdgeKind Kind, JsonNode? Meta)
{
    public EdgeKey Key => new(Src, Dst, Kind);
}

public readonly record struct EdgeKey(string Src, string Dst, EdgeKind Kind);

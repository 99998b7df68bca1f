using Peeps.Simulator.Model;

namespace Peeps.Web.SelfReport;

/// <summary>
/// Between two stages: <see cref="EdgeKind.ChannelLink"/> where elements flow from <paramref name="Src"/> to
/// <paramref name="Dst"/>, <see cref="EdgeKind.Needs"/> while <paramref name="Src"/> waits for <paramref name="Dst"/> to take more.
/// </summary>
public readonly record struct PipelineEdge(string Src, string Dst, EdgeKind Kind)
{
    public Edge ToEdge() => new(Src, Dst, Kind, null);
}

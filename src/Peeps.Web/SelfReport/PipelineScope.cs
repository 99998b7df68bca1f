using System.Text.Json.Nodes;
using Peeps.Simulator.Model;

namespace Peeps.Web.SelfReport;

/// <summary>A group of stages that live and die together: one connection's flow, or the shared write path.</summary>
public sealed record PipelineScope(string Id, string Name, ulong Birth, long? ConnId)
{
    public Scope ToScope() => new(Id, Birth, "Peeps.Ingest:flow", Name, ScopeKind.Task, new JsonObject { ["conn_id"] = ConnId });
}

using System.Text.Json.Nodes;
using Peeps.Simulator.Model;

namespace Peeps.Web.SelfReport;

/// <summary>
/// One stage of the ingest graph as a peeps entity, keyed by its stage name (connection ids are never reused, so
/// neither are stage names). A stage with a buffer is the receiving end of an mpsc channel, so the channel query
/// packs and the console read its fill; a stage without one is a future. Value equality is what decides whether
/// the stage changed since it was last reported.
/// </summary>
public sealed record PipelineStage(string Id, string Kind, long? ConnId, ulong Birth, string ScopeId, StageBuffer? Buffer)
{
    public Entity ToEntity() => new(Id, Birth, $"Peeps.Ingest:{Kind}", Id, Body(), Meta());

    private EntityBody Body() => Buffer is { } buffer
        ? new ChannelEndBody(false, ChannelLifecycle.Open, new BufferedChannelDetails(false, new ChannelBuffer(buffer.Occupancy, buffer.Capacity)))
        : FutureBody.Instance;

    private JsonObject Meta()
    {
        var meta = new JsonObject { ["stage_kind"] = Kind, ["conn_id"] = ConnId };
        if (Buffer is { } buffer) meta["fill_unit"] = buffer.Unit;
        return meta;
    }
}

using Peeps.Wire.Messages;

namespace Peeps.Benchmarks;

/// <summary>How many changes of each kind a corpus holds, so every result can say what it was measured on.</summary>
public sealed record ChangeMix(
    long EntityUpserts, long EntityRemovals, long EdgeUpserts, long EdgeRemovals, long Events, long ScopesAndLinks, long Other)
{
    public long Total => EntityUpserts + EntityRemovals + EdgeUpserts + EdgeRemovals + Events + ScopesAndLinks + Other;

    public static ChangeMix Of(IEnumerable<DeltaBatch> batches)
    {
        long entityUpserts = 0, entityRemovals = 0, edgeUpserts = 0, edgeRemovals = 0, events = 0, scopes = 0, other = 0;
        foreach (var change in batches.SelectMany(b => b.Changes))
        {
            switch (change)
            {
                case UpsertEntity: entityUpserts++; break;
                case RemoveEntity: entityRemovals++; break;
                case UpsertEdge: edgeUpserts++; break;
                case RemoveEdge: edgeRemovals++; break;
                case AppendEvent: events++; break;
                case UpsertScope or RemoveScope or UpsertEntityScopeLink or RemoveEntityScopeLink: scopes++; break;
                default: other++; break;
            }
        }
        return new ChangeMix(entityUpserts, entityRemovals, edgeUpserts, edgeRemovals, events, scopes, other);
    }

    public string Describe()
    {
        string Share(long n) => Total == 0 ? "0 %" : $"{100.0 * n / Total:0.#} %";
        return $"entity upserts {Share(EntityUpserts)}, entity removals {Share(EntityRemovals)}, edge upserts {Share(EdgeUpserts)}, "
            + $"edge removals {Share(EdgeRemovals)}, events {Share(Events)}, scopes and links {Share(ScopesAndLinks)}"
            + (Other > 0 ? $", other {Share(Other)}" : "");
    }
}

namespace Peeps.Ingest.Coordination;

/// <summary>Tells the owner of <see cref="HeldStoreRows"/> that the outbox may take rows again.</summary>
public sealed record StoreHasRoom
{
    public static readonly StoreHasRoom Instance = new();
}

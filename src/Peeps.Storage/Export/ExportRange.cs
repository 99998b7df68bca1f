namespace Peeps.Storage.Export;

/// <summary>
/// History kept in an export: batches received, and snapshots completed, between the two instants (ns, inclusive;
/// null is open). Current state is exported whole whatever the range.
/// </summary>
public sealed record ExportRange(long? SinceNs, long? UntilNs)
{
    public static readonly ExportRange All = new(null, null);

    public bool IsAll => SinceNs is null && UntilNs is null;
}

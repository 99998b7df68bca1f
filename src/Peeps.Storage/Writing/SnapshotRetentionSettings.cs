namespace Peeps.Storage.Writing;

/// <summary>
/// Bound on stored snapshot history. The writer prunes oldest first after each recorded snapshot until both
/// limits hold, but always keeps the newest snapshot, even when it alone exceeds <see cref="MaxBytes"/>.
/// </summary>
public sealed record SnapshotRetentionSettings
{
    public int MaxSnapshots { get; init; } = 100;

    /// <summary>Sum of <c>result_bytes</c> over kept snapshots.</summary>
    public long MaxBytes { get; init; } = 256L * 1024 * 1024;
}

namespace Peeps.Ingest.Snapshots;

/// <summary>
/// The bytes one snapshot keeps of its replies (<c>Peeps:Snapshots:MaxReplyBytes</c>), first come first kept. A reply
/// that would pass it is refused whole, so it is never half kept, and sizes are summed in a long, never an int.
/// </summary>
public sealed class ReplyBudget(long maxBytes)
{
    private long _held;

    /// <returns>Null when the reply is kept; otherwise why it is not, for <c>too_large_processes</c>.</returns>
    public string? TryKeep(long bytes)
    {
        if (bytes > maxBytes - _held)
            return $"its snapshot of {bytes} bytes would have taken this snapshot's kept replies from {_held} bytes past "
                + $"Peeps:Snapshots:MaxReplyBytes ({maxBytes}); it was not kept";
        _held += bytes;
        return null;
    }
}

namespace Peeps.Ingest.Tcp;

/// <summary>
/// Hands out connection ids above every id the database file has ever held, so ids are never reused
/// across restarts (the connection row is written before any data of the connection).
/// </summary>
public sealed class ConnectionIdAllocator(long highestUsed)
{
    private long _last = highestUsed;

    public long Next() => Interlocked.Increment(ref _last);
}

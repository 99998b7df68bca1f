namespace Peeps.Storage.Export;

/// <summary>
/// A finished copy, open for reading. Disposing it closes and deletes the file and frees its export slot, so the
/// caller disposes it once the copy has been sent (or on failure).
/// </summary>
public sealed class DatabaseExport : IDisposable
{
    private readonly Action _release;
    private int _disposed;

    internal DatabaseExport(string path, Action release)
    {
        _release = release;
        // Deleted by the OS when closed, so a copy never outlives its request, even if the server dies mid-send.
        Content = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Delete, 81_920, FileOptions.DeleteOnClose | FileOptions.Asynchronous);
    }

    public Stream Content { get; }

    public long Length => Content.Length;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1) return;
        Content.Dispose();
        _release();
    }
}

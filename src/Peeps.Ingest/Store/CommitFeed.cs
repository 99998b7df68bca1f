using Peeps.Storage.Writing;

namespace Peeps.Ingest.Store;

/// <summary>
/// Fans each commit report out to whoever needs committed cursors (the cut coordinator, metrics).
/// Called on the writer thread, so subscribers must be quick and non-blocking.
/// </summary>
public sealed class CommitFeed
{
    private volatile Action<CommitReport>[] _subscribers = [];
    private readonly Lock _gate = new();

    public void Subscribe(Action<CommitReport> subscriber)
    {
        lock (_gate) _subscribers = [.. _subscribers, subscriber];
    }

    public void Publish(CommitReport report)
    {
        foreach (var subscriber in _subscribers) subscriber(report);
    }
}

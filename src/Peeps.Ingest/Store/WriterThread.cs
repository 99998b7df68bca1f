using System.Collections.Concurrent;

namespace Peeps.Ingest.Store;

/// <summary>
/// The one OS thread that runs the writer's commits. SQLite calls block for the length of a commit; on a thread of
/// their own they never hold up the pool that runs every connection's stream. It takes one piece of work at a time:
/// the stream hands it the next group only when the previous commit has finished.
/// </summary>
internal sealed class WriterThread : IDisposable
{
    /// <summary>Thread name as the OS shows it (<c>/proc/*/task/*/comm</c>, at most 15 characters), for profilers.</summary>
    public const string Name = "peeps.writer";

    private readonly BlockingCollection<Action> _work = new(boundedCapacity: 1);

    public WriterThread()
    {
        new Thread(Loop) { Name = Name, IsBackground = true }.Start();
    }

    public Task<T> Run<T>(Func<T> work)
    {
        // Continuations run on the pool: the stream must not run its stages on the writer's thread.
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Add(() =>
        {
            try
            {
                done.SetResult(work());
            }
            catch (Exception e)
            {
                done.SetException(e);
            }
        });
        return done.Task;
    }

    private void Loop()
    {
        foreach (var work in _work.GetConsumingEnumerable())
            work();
        _work.Dispose();
    }

    /// <summary>Lets the thread finish the work it has and end.</summary>
    public void Dispose() => _work.CompleteAdding();
}

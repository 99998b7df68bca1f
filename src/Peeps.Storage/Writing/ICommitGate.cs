namespace Peeps.Storage.Writing;

/// <summary>
/// Lets other work run while the writer is between two group commits, holding the next commit back until it is done.
/// The background checkpointer uses it for its last, small copy: with no commit appending to the log meanwhile, the
/// log is fully copied when it ends, and the writer's next commit starts the log over instead of growing it.
/// </summary>
public interface ICommitGate
{
    T BetweenCommits<T>(Func<T> work);
}

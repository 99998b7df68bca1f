using Akka.Streams;

namespace Peeps.Ingest.Tcp;

/// <summary>
/// The connection actor is created before its flow is materialized (the flow needs the actor), so it gets
/// this handle, which forwards to the flow's kill switch once it exists.
/// </summary>
internal sealed class KillSwitchHandle : IKillSwitch
{
    private readonly TaskCompletionSource<IKillSwitch> _inner = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Attach(IKillSwitch killSwitch) => _inner.TrySetResult(killSwitch);

    public void Shutdown() => _inner.Task.ContinueWith(t => t.Result.Shutdown(), TaskContinuationOptions.OnlyOnRanToCompletion);

    public void Abort(Exception cause) => _inner.Task.ContinueWith(t => t.Result.Abort(cause), TaskContinuationOptions.OnlyOnRanToCompletion);
}

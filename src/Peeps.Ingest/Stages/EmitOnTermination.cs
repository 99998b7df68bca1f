using Akka.Streams;
using Akka.Streams.Stage;

namespace Peeps.Ingest.Stages;

/// <summary>
/// Passes elements through and, when upstream completes or fails, emits one last element built at that moment
/// (given the failure, or null) and completes. A connection's "closed" row needs both: the time it actually
/// ended, and an end that is never a failure, since a failing producer would be torn out of the shared merge.
/// </summary>
public sealed class EmitOnTermination<T>(Func<Exception?, T> last) : FlowStage<T, T>("emit-on-termination")
{
    private readonly Func<Exception?, T> _last = last;

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : InAndOutGraphStageLogic
    {
        private readonly EmitOnTermination<T> _stage;

        public Logic(EmitOnTermination<T> stage) : base(stage.Shape)
        {
            _stage = stage;
            SetHandler(stage.In, this);
            SetHandler(stage.Out, this);
        }

        public override void OnPush() => Push(_stage.Out, Grab(_stage.In));

        public override void OnPull() => Pull(_stage.In);

        public override void OnUpstreamFinish() => EmitLast(null);

        public override void OnUpstreamFailure(Exception e) => EmitLast(e);

        private void EmitLast(Exception? failure) => Emit(_stage.Out, _stage._last(failure), CompleteStage);
    }
}

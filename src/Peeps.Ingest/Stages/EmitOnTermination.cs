using Akka.Streams;
using Akka.Streams.Stage;

namespace Peeps.Ingest.Stages;

/// <summary>
/// Passes elements through and, when upstream completes or fails, emits one last element built at that moment
/// (given the failure, or null) and completes. A connection's "closed" row needs both: the time it actually
/// ended, and an end that is never a failure, since a failing producer would be torn out of the shared merge.
/// </summary>
public sealed class EmitOnTermination<T>(Func<Exception?, T> last) : GraphStage<FlowShape<T, T>>
{
    private readonly Func<Exception?, T> _last = last;
    private readonly Inlet<T> _in = new("EmitOnTermination.in");
    private readonly Outlet<T> _out = new("EmitOnTermination.out");

    public override FlowShape<T, T> Shape => new(_in, _out);

    protected override Attributes InitialAttributes => Attributes.CreateName("emit-on-termination");

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : InAndOutGraphStageLogic
    {
        private readonly EmitOnTermination<T> _stage;

        public Logic(EmitOnTermination<T> stage) : base(stage.Shape)
        {
            _stage = stage;
            SetHandler(stage._in, this);
            SetHandler(stage._out, this);
        }

        public override void OnPush() => Push(_stage._out, Grab(_stage._in));

        public override void OnPull() => Pull(_stage._in);

        public override void OnUpstreamFinish() => EmitLast(null);

        public override void OnUpstreamFailure(Exception e) => EmitLast(e);

        private void EmitLast(Exception? failure) => Emit(_stage._out, _stage._last(failure), CompleteStage);
    }
}

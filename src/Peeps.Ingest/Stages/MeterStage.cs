using System.Diagnostics;
using Akka.Streams;
using Akka.Streams.Stage;
using Peeps.Ingest.Inspection;

namespace Peeps.Ingest.Stages;

/// <summary>
/// A pass-through that records into a <see cref="StageMeter"/> every element it forwards (with its units, when
/// <paramref name="units"/> is given) and the time between handing an element downstream and downstream asking
/// for the next: the time the stage upstream of it is held back. Two meters around a buffer give its fill.
/// </summary>
public sealed class MeterStage<T>(string name, StageMeter meter, Func<T, long>? units = null) : FlowStage<T, T>(name)
{
    private readonly StageMeter _meter = meter;
    private readonly Func<T, long>? _units = units;

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : InAndOutGraphStageLogic
    {
        private readonly MeterStage<T> _stage;

        public Logic(MeterStage<T> stage) : base(stage.Shape)
        {
            _stage = stage;
            SetHandler(stage.In, this);
            SetHandler(stage.Out, this);
        }

        public override void PreStart() => _stage._meter.OnAttached();

        public override void PostStop()
        {
            _stage._meter.OnDemand(Stopwatch.GetTimestamp());
            _stage._meter.OnDetached();
        }

        public override void OnPush()
        {
            var element = Grab(_stage.In);
            _stage._meter.OnElement(_stage._units?.Invoke(element) ?? 0);
            Push(_stage.Out, element);
            _stage._meter.OnPushed(Stopwatch.GetTimestamp());
        }

        public override void OnPull()
        {
            _stage._meter.OnDemand(Stopwatch.GetTimestamp());
            Pull(_stage.In);
        }
    }
}

using Akka.Streams;
using Akka.Streams.Stage;

namespace Peeps.Ingest.Stages;

/// <summary>
/// What every one-in, one-out stage of ours shares: its ports and its name, the name also being the default stage name
/// the inspection and Akka's logs show until a graph renames it with <c>.Named(...)</c>.
/// </summary>
public abstract class FlowStage<TIn, TOut> : GraphStage<FlowShape<TIn, TOut>>
{
    private readonly string _name;

    protected FlowStage(string name)
    {
        _name = name;
        In = new Inlet<TIn>(name + ".in");
        Out = new Outlet<TOut>(name + ".out");
        Shape = new FlowShape<TIn, TOut>(In, Out);
    }

    protected Inlet<TIn> In { get; }

    protected Outlet<TOut> Out { get; }

    public sealed override FlowShape<TIn, TOut> Shape { get; }

    protected override Attributes InitialAttributes => Attributes.CreateName(_name);
}

using Akka.Streams;
using Akka.Streams.Stage;

namespace Peeps.Ingest.Tcp;

/// <summary>
/// Fails the connection when the client sends nothing for <c>limit</c> while the server is waiting for it.
/// Akka's <c>IdleTimeout</c> counts any time without an element, so a writer that holds the whole pipeline back
/// for that long (a full disk it keeps retrying) would close every healthy connection; here the clock runs only
/// while a pull is outstanding, and restarts with each one.
/// </summary>
internal sealed class ClientIdleTimeout<T>(TimeSpan limit) : GraphStage<FlowShape<T, T>>
{
    private readonly Inlet<T> _in = new("ClientIdleTimeout.in");
    private readonly Outlet<T> _out = new("ClientIdleTimeout.out");

    public override FlowShape<T, T> Shape => new(_in, _out);

    protected override Attributes InitialAttributes => Attributes.CreateName("client-idle-timeout");

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, limit);

    private sealed class Logic : TimerGraphStageLogic
    {
        private const string Deadline = "client-idle-deadline";
        private readonly TimeSpan _limit;

        public Logic(ClientIdleTimeout<T> stage, TimeSpan limit) : base(stage.Shape)
        {
            _limit = limit;
            SetHandler(stage._in, onPush: () =>
            {
                CancelTimer(Deadline);
                Push(stage._out, Grab(stage._in));
            });
            SetHandler(stage._out, onPull: () =>
            {
                Pull(stage._in);
                ScheduleOnce(Deadline, _limit);
            });
        }

        protected override void OnTimer(object timerKey) =>
            FailStage(new TimeoutException($"the client sent nothing for {_limit} while the server was ready to read"));
    }
}

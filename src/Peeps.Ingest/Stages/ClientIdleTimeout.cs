using Akka.Streams;
using Akka.Streams.Stage;

namespace Peeps.Ingest.Stages;

/// <summary>
/// Fails the connection when the client sends nothing for <c>limit</c> while the server is waiting for it.
/// Akka's <c>IdleTimeout</c> counts any time without an element, so a writer that holds the whole pipeline back
/// for that long (a full disk it keeps retrying) would close every healthy connection; here the clock runs only
/// while a pull is outstanding, and restarts with each one.
/// </summary>
internal sealed class ClientIdleTimeout<T>(TimeSpan limit) : FlowStage<T, T>("client-idle-timeout")
{
    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this, limit);

    private sealed class Logic : TimerGraphStageLogic
    {
        private const string Deadline = "client-idle-deadline";
        private readonly TimeSpan _limit;

        public Logic(ClientIdleTimeout<T> stage, TimeSpan limit) : base(stage.Shape)
        {
            _limit = limit;
            SetHandler(stage.In, onPush: () =>
            {
                CancelTimer(Deadline);
                Push(stage.Out, Grab(stage.In));
            });
            SetHandler(stage.Out, onPull: () =>
            {
                Pull(stage.In);
                ScheduleOnce(Deadline, _limit);
            });
        }

        protected override void OnTimer(object timerKey) =>
            FailStage(new TimeoutException($"the client sent nothing for {_limit} while the server was ready to read"));
    }
}

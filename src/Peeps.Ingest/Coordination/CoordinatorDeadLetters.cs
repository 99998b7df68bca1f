using System.Collections.Immutable;
using Akka.Actor;
using Akka.Event;

namespace Peeps.Ingest.Coordination;

/// <summary>
/// Answers requests that reach a coordinator in the instant it stops. Its backoff supervisor answers
/// <see cref="CoordinatorUnavailable"/> once it knows the coordinator is gone, but a request forwarded just before
/// that, or still in the stopping coordinator's mailbox, becomes a dead letter, and its asker would wait for its
/// whole timeout (12 s and more for a snapshot). This actor watches the dead letters for the coordinators'
/// requests and answers their senders at once.
/// </summary>
public sealed class CoordinatorDeadLetters : ReceiveActor
{
    public CoordinatorDeadLetters(ImmutableHashSet<Type> requestTypes)
    {
        Receive<AllDeadLetters>(dead =>
        {
            if (!requestTypes.Contains(dead.Message.GetType()) || dead.Sender.IsNobody() || dead.Sender.Equals(Context.System.DeadLetters)) return;
            dead.Sender.Tell(new CoordinatorUnavailable(
                $"its coordinator stopped as the request arrived ({dead.Message.GetType().Name}); try again shortly"));
        });
    }

    /// <param name="requestTypes">The message types HTTP handlers ask the coordinators with.</param>
    public static Props Props(params Type[] requestTypes) =>
        Akka.Actor.Props.Create(() => new CoordinatorDeadLetters(requestTypes.ToImmutableHashSet()));

    protected override void PreStart() => Context.System.EventStream.Subscribe(Self, typeof(AllDeadLetters));

    protected override void PostStop() => Context.System.EventStream.Unsubscribe(Self);
}

using System.Diagnostics;

namespace Peeps.Ingest.Tracing;

/// <summary>
/// The service's spans: a cut or snapshot request's <c>Ask</c> to its coordinator, the fan-out to each connection,
/// each reply, and the commit of the rows it left. Akka does not carry a trace across actor messages, so the
/// requests carry their <see cref="ActivityContext"/> in their own messages and the actors start spans under it.
/// </summary>
public static class PeepsTracing
{
    public const string SourceName = "Peeps.Streams";

    public const string ConnIdTag = "peeps.conn_id";
    public const string ProcessNameTag = "process.name";
    public const string ProcessPidTag = "process.pid";
    public const string CutIdTag = "peeps.cut_id";
    public const string SnapshotIdTag = "peeps.snapshot_id";
    public const string OutcomeTag = "peeps.outcome";
    public const string RowTag = "peeps.store.row";

    public static readonly ActivitySource Source = new(SourceName, typeof(PeepsTracing).Assembly.GetName().Version?.ToString());

    /// <summary>
    /// A span under <paramref name="parent"/> that is not made <see cref="Activity.Current"/>: an actor handles many
    /// messages on pooled threads, and a current span would become the parent of whatever ran next on that thread.
    /// Nothing is started for a request that carried no trace, nor when nobody listens.
    /// </summary>
    public static Activity? StartDetached(string name, ActivityKind kind, ActivityContext parent, DateTimeOffset startTime = default)
    {
        if (parent == default) return null;
        var previous = Activity.Current;
        var activity = Source.StartActivity(name, kind, parent, startTime: startTime);
        Activity.Current = previous;
        return activity;
    }

    /// <summary>Ends a span started by <see cref="StartDetached"/>, leaving <see cref="Activity.Current"/> as it was.</summary>
    public static void StopDetached(this Activity? activity, string? outcome = null, bool failed = false)
    {
        if (activity is null) return;
        if (outcome is not null) activity.SetTag(OutcomeTag, outcome);
        if (failed) activity.SetStatus(ActivityStatusCode.Error, outcome);
        var current = Activity.Current;
        activity.Stop();
        Activity.Current = current;
    }

    /// <summary>The span of one connection's part in a fan-out, named by its connection and process.</summary>
    public static Activity? StartConnectionSpan(string name, ActivityContext parent, long connId, string processName, uint pid)
    {
        var activity = StartDetached(name, ActivityKind.Client, parent);
        activity?.SetTag(ConnIdTag, connId).SetTag(ProcessNameTag, processName).SetTag(ProcessPidTag, (long)pid);
        return activity;
    }
}

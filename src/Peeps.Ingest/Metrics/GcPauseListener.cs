using System.Diagnostics;
using System.Diagnostics.Tracing;
using Peeps.Ingest.Inspection;

namespace Peeps.Ingest.Metrics;

/// <summary>
/// Times every pause of the runtime's garbage collector (threads suspended until they are restarted) from the runtime's
/// own GC events, into <c>peeps.gc.pause.duration</c> and a window for <c>/api/streams</c>. A total pause time (what the
/// runtime's counters give) hides the single long pause that holds a commit back; a histogram shows it.
/// </summary>
public sealed class GcPauseListener : EventListener
{
    private const string RuntimeSource = "Microsoft-Windows-DotNETRuntime";
    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int SuspendBegin = 9; // GCSuspendEEBegin_V1
    private const int RestartEnd = 3; // GCRestartEEEnd_V1

    // Creating and disposing event listeners on two threads at once can deadlock inside the runtime (one thread holds
    // the listeners' lock and waits for EventPipe's, the other the reverse): seen with two servers in one test host
    // stopping together. Every listener of this type is created and disposed under this one lock.
    private static readonly Lock Lifecycle = new();

    // Set after the base constructor, which may already announce the runtime's source (enabling is safe then; recording is not).
    private PeepsMetrics? _metrics;
    private LatencyWindow? _window;
    private DateTime _suspendedAt;

    private GcPauseListener(PeepsMetrics metrics, LatencyWindow window)
    {
        _metrics = metrics;
        _window = window;
    }

    public static GcPauseListener Start(PeepsMetrics metrics, LatencyWindow window)
    {
        lock (Lifecycle) return new GcPauseListener(metrics, window);
    }

    public override void Dispose()
    {
        lock (Lifecycle) base.Dispose();
    }

    public LatencyWindow Window => _window!;

    protected override void OnEventSourceCreated(EventSource source)
    {
        if (source.Name == RuntimeSource)
            EnableEvents(source, EventLevel.Informational, GcKeyword);
    }

    protected override void OnEventWritten(EventWrittenEventArgs e)
    {
        switch (e.EventId)
        {
            case SuspendBegin:
                _suspendedAt = e.TimeStamp;
                break;
            case RestartEnd when _suspendedAt != default && _metrics is { } metrics:
                var pause = e.TimeStamp - _suspendedAt;
                _suspendedAt = default;
                if (pause < TimeSpan.Zero) return;
                metrics.GcPause(pause.TotalSeconds);
                _window!.Add(Stopwatch.GetTimestamp(), pause.TotalMilliseconds);
                break;
        }
    }
}

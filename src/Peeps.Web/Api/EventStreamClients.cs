using System.Diagnostics.Metrics;

namespace Peeps.Web.Api;

/// <summary>
/// The slots of <see cref="EventStreamSettings.MaxClients"/>: a client that finds none free is refused, not queued.
/// Counted on the service meter as <c>peeps.event_streams.clients</c> (connected now) and
/// <c>peeps.event_streams.refused</c> (turned away).
/// </summary>
public sealed class EventStreamClients
{
    private readonly SemaphoreSlim _slots;
    private readonly UpDownCounter<long> _connected;
    private readonly Counter<long> _refused;

    public EventStreamClients(EventStreamSettings settings, Meter meter)
    {
        Limit = settings.MaxClients;
        _slots = new SemaphoreSlim(settings.MaxClients);
        _connected = meter.CreateUpDownCounter<long>("peeps.event_streams.clients", "{client}", "Server-sent event clients connected");
        _refused = meter.CreateCounter<long>("peeps.event_streams.refused", "{client}",
            "Server-sent event clients refused because Peeps:EventStreams:MaxClients were connected");
    }

    public int Limit { get; }

    /// <summary>A slot to dispose when the stream ends, or null (counted as refused) when all are taken.</summary>
    public IDisposable? TryEnter()
    {
        if (!_slots.Wait(0))
        {
            _refused.Add(1);
            return null;
        }
        _connected.Add(1);
        return new Slot(this);
    }

    private sealed class Slot(EventStreamClients owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            owner._connected.Add(-1);
            owner._slots.Release();
        }
    }
}

namespace Peeps.Web.Api;

/// <summary>Bounds of the server-sent event streams (<c>Peeps:EventStreams</c>).</summary>
public sealed record EventStreamSettings
{
    /// <summary>
    /// Event-stream clients connected at once. Each holds an HTTP connection and asks the connection registry four
    /// times a second for as long as it stays; one more is answered 503 at once. The console opens one per tab.
    /// </summary>
    public int MaxClients { get; init; } = 64;
}

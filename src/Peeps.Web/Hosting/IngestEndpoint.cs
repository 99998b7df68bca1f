using System.Net;

namespace Peeps.Web.Hosting;

/// <summary>Where the TCP ingest port actually bound (it differs from the setting when that asks for port 0).</summary>
public sealed class IngestEndpoint
{
    private readonly TaskCompletionSource<IPEndPoint> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private volatile bool _unbound;

    public Task<IPEndPoint> Bound => _bound.Task;

    /// <summary>A shutdown's drain has given the port up; it is never bound again in this run.</summary>
    public bool Unbound => _unbound;

    internal void Set(EndPoint endpoint) => _bound.TrySetResult((IPEndPoint)endpoint);

    internal void Unbind() => _unbound = true;

    /// <summary>Where a client in this process connects: a wildcard listen address accepts on loopback too, and connecting to the wildcard itself is not portable.</summary>
    public static IPEndPoint Connectable(IPEndPoint bound) =>
        bound.Address.Equals(IPAddress.Any) ? new IPEndPoint(IPAddress.Loopback, bound.Port)
        : bound.Address.Equals(IPAddress.IPv6Any) ? new IPEndPoint(IPAddress.IPv6Loopback, bound.Port)
        : bound;
}

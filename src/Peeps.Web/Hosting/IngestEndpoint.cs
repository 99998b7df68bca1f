using System.Net;

namespace Peeps.Web.Hosting;

/// <summary>Where the TCP ingest port actually bound (it differs from the setting when that asks for port 0).</summary>
public sealed class IngestEndpoint
{
    private readonly TaskCompletionSource<IPEndPoint> _bound = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<IPEndPoint> Bound => _bound.Task;

    internal void Set(EndPoint endpoint) => _bound.TrySetResult((IPEndPoint)endpoint);
}

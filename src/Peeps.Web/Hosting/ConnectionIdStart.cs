using Microsoft.Extensions.Options;
using Peeps.Web.Cluster;
using Peeps.Web.Configuration;

namespace Peeps.Web.Hosting;

/// <summary>Where this run's connection ids continue from: after the shard's highest, and in cluster mode inside the node's own range.</summary>
public sealed class ConnectionIdStart(IOptions<PeepsOptions> options)
{
    public long LastUsed(long highestStored)
    {
        var cluster = options.Value.Cluster;
        return cluster.Enabled ? ConnectionIdSpace.LastUsed(cluster.NodeNumber, highestStored) : highestStored;
    }
}

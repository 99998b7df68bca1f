using System.Net;

namespace Peeps.Ingest.Tcp;

/// <summary>
/// Whether an accepted TCP connection may become an ingest connection: at most
/// <see cref="IngestSettings.MaxConnections"/> at once, and, when <see cref="IngestSettings.AllowedNetworks"/> is
/// set, only from those networks (the wire protocol has no authentication of its own).
/// </summary>
internal sealed class ConnectionAdmission
{
    public const string TooMany = "max_connections";
    public const string Network = "network";

    private readonly int _maxConnections;
    private readonly IPNetwork[] _allowed;

    public ConnectionAdmission(IngestSettings settings)
    {
        _maxConnections = settings.MaxConnections;
        _allowed = [.. settings.AllowedNetworks.Select(network => IPNetwork.Parse(network))];
    }

    /// <summary>Null when admitted; otherwise the metric reason and the sentence to log.</summary>
    public (string Reason, string Message)? Refusal(EndPoint remote, int open)
    {
        if (_allowed.Length > 0 && !FromAllowedNetwork(remote))
            return (Network, $"{remote} is outside Peeps:Ingest:AllowedNetworks");
        if (open >= _maxConnections)
            return (TooMany, $"{open} connections are open, the most Peeps:Ingest:MaxConnections ({_maxConnections}) allows");
        return null;
    }

    private bool FromAllowedNetwork(EndPoint remote)
    {
        if (remote is not IPEndPoint { Address: var address })
            return false;
        if (address.IsIPv4MappedToIPv6)
            address = address.MapToIPv4();
        return _allowed.Any(network => network.Contains(address));
    }
}

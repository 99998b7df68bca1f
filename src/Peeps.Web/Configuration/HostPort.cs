using System.Net;

namespace Peeps.Web.Configuration;

/// <summary>An <c>address:port</c> setting such as <c>127.0.0.1:9119</c> or <c>[::1]:9119</c>.</summary>
public sealed record HostPort(string Host, int Port)
{
    public static HostPort Parse(string value, string settingName)
    {
        if (IPEndPoint.TryParse(value, out var endpoint))
            return new HostPort(endpoint.Address.ToString(), endpoint.Port);
        var colon = value.LastIndexOf(':');
        if (colon > 0 && int.TryParse(value[(colon + 1)..], out var port) && port is >= 0 and <= 65535)
            return new HostPort(value[..colon], port);
        throw new FormatException($"{settingName} must be address:port (for example 127.0.0.1:9119), got '{value}'");
    }

    public bool IsLoopback => Host == "localhost" || (IPAddress.TryParse(Host, out var ip) && IPAddress.IsLoopback(ip));

    public string UrlAuthority => Host.Contains(':') ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}

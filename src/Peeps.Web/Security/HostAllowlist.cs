using System.Net;
using Peeps.Web.Configuration;

namespace Peeps.Web.Security;

/// <summary>
/// The host names the server answers to: <c>localhost</c>, every loopback address, the host of the configured HTTP
/// address, and the configured extra names; <c>*</c> among them turns the check off. Ports do not matter: a
/// rebinding page is told apart by its name, whatever port it uses.
/// </summary>
public sealed class HostAllowlist
{
    public const string AnyHost = "*";

    private readonly HashSet<string> _names = new(StringComparer.OrdinalIgnoreCase);
    private readonly bool _any;

    public HostAllowlist(HostPort http, IEnumerable<string> extraNames)
    {
        _names.Add("localhost");
        foreach (var name in extraNames.Append(http.Host))
        {
            if (name == AnyHost) _any = true;
            else _names.Add(Normalize(name));
        }
    }

    /// <param name="host">The host part of a <c>Host</c> header, IPv6 addresses in brackets or not.</param>
    public bool Allows(string host)
    {
        if (_any) return true;
        var normalized = Normalize(host);
        return _names.Contains(normalized) || (IPAddress.TryParse(normalized, out var ip) && IsLoopback(ip));
    }

    private static bool IsLoopback(IPAddress ip) => IPAddress.IsLoopback(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip);

    /// <summary>One spelling per address (<c>[::1]</c>, <c>::1</c> and <c>0:0::1</c> are one), and names without a trailing dot.</summary>
    private static string Normalize(string host)
    {
        var bare = host.StartsWith('[') && host.EndsWith(']') ? host[1..^1] : host;
        return IPAddress.TryParse(bare, out var ip) ? ip.ToString() : bare.TrimEnd('.');
    }
}

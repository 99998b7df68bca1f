using Peeps.Web.Configuration;

namespace Peeps.Web.Security;

/// <summary>
/// Decides whether the configured bindings may start. Loopback is always fine. Beyond loopback the HTTP API
/// needs an API key or <c>Peeps:AllowOpen</c>; the TCP ingest port has no authentication in its protocol, so it
/// needs one of the two as well (the key is taken as evidence the operator has thought about exposure).
/// </summary>
public static class ExposurePolicy
{
    /// <returns>Warnings to log for each port that is reachable beyond loopback.</returns>
    /// <exception cref="ExposureRefusedException">A port is beyond loopback with neither an API key nor <c>AllowOpen</c>.</exception>
    public static IReadOnlyList<string> Evaluate(PeepsOptions options, HostPort http, HostPort listen)
    {
        var hasKey = !string.IsNullOrEmpty(options.ApiKey);
        var exposed = new List<string>();
        if (!http.IsLoopback) exposed.Add($"HTTP API on {http.UrlAuthority}");
        if (!listen.IsLoopback) exposed.Add($"TCP ingest on {listen.UrlAuthority}");
        if (exposed.Count == 0) return [];

        if (!hasKey && !options.AllowOpen)
            throw new ExposureRefusedException(
                $"refusing to start: {string.Join(" and ", exposed)} would be reachable beyond loopback with no authentication. " +
                $"Set {PeepsOptions.Section}:{nameof(PeepsOptions.ApiKey)} (HTTP clients then send 'Authorization: Bearer <key>'), " +
                $"or set {PeepsOptions.Section}:{nameof(PeepsOptions.AllowOpen)}=true to accept an open server, or bind to 127.0.0.1.");

        var warnings = new List<string>();
        if (!http.IsLoopback)
            warnings.Add(hasKey
                ? $"the HTTP API on {http.UrlAuthority} is reachable beyond loopback; /api and /metrics require the API key"
                : $"the HTTP API on {http.UrlAuthority} is OPEN beyond loopback with no API key ({PeepsOptions.Section}:{nameof(PeepsOptions.AllowOpen)}=true): anyone who can reach it can read every stored row");
        if (!listen.IsLoopback)
            warnings.Add($"the TCP ingest port on {listen.UrlAuthority} is reachable beyond loopback; the wire protocol has no authentication, so anyone who can reach it can write runtime data");
        return warnings;
    }
}

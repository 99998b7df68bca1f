namespace Peeps.Web.Security;

/// <summary>
/// The origins besides the server's own whose pages may call it (<c>Peeps:AllowedOrigins</c>), such as a console
/// served elsewhere or the server's public name behind a TLS-terminating proxy. Each is <c>scheme://host[:port]</c>.
/// </summary>
public sealed class AllowedOrigins
{
    private readonly HashSet<(string Scheme, string Host, int Port)> _origins;

    /// <param name="origins">Entries <see cref="Problem"/> found nothing wrong with (the options validator checks them at start).</param>
    public AllowedOrigins(IEnumerable<string> origins) => _origins = [.. origins.Select(o => Key(new Uri(o, UriKind.Absolute)))];

    public bool Contains(Uri origin) => _origins.Contains(Key(origin));

    /// <summary>Why <paramref name="origin"/> is not a valid setting, or null when it is.</summary>
    public static string? Problem(string origin) =>
        !Uri.TryCreate(origin, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")
            ? $"'{origin}' is not an http:// or https:// origin"
            : uri.PathAndQuery != "/" || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0
                ? $"'{origin}' is not an origin: give scheme://host[:port] only, no path"
                : null;

    private static (string, string, int) Key(Uri origin) => (origin.Scheme.ToLowerInvariant(), origin.Host.ToLowerInvariant(), origin.Port);
}

using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Peeps.Web.Api;
using Peeps.Web.Configuration;

namespace Peeps.Web.Security;

/// <summary>
/// Refuses, with 403 problem+json, every request that carries an <c>Origin</c> other than the server's own or one in
/// <c>Peeps:AllowedOrigins</c>, whatever its method and content type, on every route but <c>/health</c>. The
/// browser's same-origin policy only hides answers from another site's page; it still sends that page's simple
/// requests (a form post, a no-cors or text/plain fetch), and those would start a cut or a snapshot. Browsers mark
/// such requests with <c>Origin</c>; curl, scripts, the CLI and upstream's tools send none and pass untouched.
/// </summary>
public sealed class CrossOriginMiddleware(RequestDelegate next, IOptions<PeepsOptions> options)
{
    private static readonly PathString Health = "/health";

    private readonly AllowedOrigins _allowed = new(options.Value.AllowedOrigins);

    public async Task InvokeAsync(HttpContext context)
    {
        var request = context.Request;
        var origin = request.Headers.Origin;
        if (origin.Count == 0 || request.Path.StartsWithSegments(Health) || IsAllowed(origin, request))
        {
            await next(context);
            return;
        }
        await Problems.Create(StatusCodes.Status403Forbidden,
            $"cross-origin request refused: a page from '{origin}' may not use this server (only the server's own pages may). " +
            $"To allow that origin, add it to {PeepsOptions.Section}:{nameof(PeepsOptions.AllowedOrigins)}").ExecuteAsync(context);
    }

    private bool IsAllowed(StringValues origin, HttpRequest request) =>
        origin.Count == 1 && Uri.TryCreate(origin[0], UriKind.Absolute, out var uri) && (IsSameOrigin(uri, request) || _allowed.Contains(uri));

    private static bool IsSameOrigin(Uri origin, HttpRequest request)
    {
        var host = request.Host;
        var port = host.Port ?? (request.IsHttps ? 443 : 80);
        return string.Equals(origin.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase)
            && string.Equals(origin.Host, host.Host, StringComparison.OrdinalIgnoreCase)
            && origin.Port == port;
    }
}

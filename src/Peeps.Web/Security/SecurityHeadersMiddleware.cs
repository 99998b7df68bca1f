namespace Peeps.Web.Security;

/// <summary>
/// Headers that keep the console's pages from being turned against it: scripts only from the server's own files
/// (no inline script, so an injected string cannot run), no framing by another page (clickjacking), no content-type
/// guessing, and no Referer carrying the console's URL elsewhere. Inline styles stay allowed: the console sets
/// <c>style</c> attributes on SVG, and a style cannot read or send anything here. Set when the response starts, so
/// error answers (whose handler clears headers) carry them too.
/// </summary>
public sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext context)
    {
        var response = context.Response;
        response.OnStarting(() =>
        {
            var headers = response.Headers;
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            return Task.CompletedTask;
        });
        return next(context);
    }
}

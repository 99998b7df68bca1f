using System.Security.Cryptography;
using System.Text;
using Peeps.Web.Api;

namespace Peeps.Web.Security;

/// <summary>
/// With an API key configured, every request under <c>/api</c>, <c>/metrics</c> and <c>/mcp</c> must carry
/// <c>Authorization: Bearer &lt;key&gt;</c>; otherwise 401 problem+json. <c>/health</c> and the console's static
/// files stay open so liveness probes and the page itself load.
/// </summary>
public sealed class ApiKeyMiddleware(RequestDelegate next, string apiKey)
{
    private const string Scheme = "Bearer ";
    private static readonly PathString[] Protected = ["/api", "/metrics", Hosting.McpServices.Path];

    // Comparing hashes keeps the comparison constant-time whatever the lengths of the key and the guess.
    private readonly byte[] _keyHash = SHA256.HashData(Encoding.UTF8.GetBytes(apiKey));

    public async Task InvokeAsync(HttpContext context)
    {
        if (!Protected.Any(p => context.Request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)) || Authorized(context.Request))
        {
            await next(context);
            return;
        }
        context.Response.Headers.WWWAuthenticate = "Bearer";
        var message = context.Request.Headers.Authorization.Count == 0
            ? "this server requires an API key: send 'Authorization: Bearer <key>'"
            : "the API key is not valid";
        await Problems.Create(StatusCodes.Status401Unauthorized, message).ExecuteAsync(context);
    }

    private bool Authorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase)) return false;
        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(header[Scheme.Length..].Trim()));
        return CryptographicOperations.FixedTimeEquals(presented, _keyHash);
    }
}

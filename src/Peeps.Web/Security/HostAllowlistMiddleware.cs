using Microsoft.Extensions.Options;
using Peeps.Web.Api;
using Peeps.Web.Configuration;

namespace Peeps.Web.Security;

/// <summary>
/// Serves only requests whose <c>Host</c> names this server: loopback names and addresses, the configured HTTP
/// address, and <c>Peeps:AllowedHosts</c>. Binding to loopback does not stop a DNS-rebinding page: its own name
/// resolves to 127.0.0.1, so the browser treats the server as that page's origin and lets it read every answer;
/// only the <c>Host</c> it sends gives it away. Anything else gets 400 problem+json naming the setting.
/// </summary>
public sealed class HostAllowlistMiddleware(RequestDelegate next, IOptions<PeepsOptions> options)
{
    private readonly HostAllowlist _allowlist = new(HostPort.Parse(options.Value.Http, "Http (PEEPS_HTTP)"), options.Value.AllowedHosts);

    public async Task InvokeAsync(HttpContext context)
    {
        var host = context.Request.Host;
        // No Host at all is an HTTP/1.0 client, never a browser.
        if (!host.HasValue || _allowlist.Allows(host.Host))
        {
            await next(context);
            return;
        }
        await Problems.Create(StatusCodes.Status400BadRequest,
            $"this server does not answer to the host name '{host.Host}' (the request's Host header). It answers to loopback names " +
            $"and addresses and to its configured HTTP address; to reach it under another name, add that name to " +
            $"{PeepsOptions.Section}:{nameof(PeepsOptions.AllowedHosts)}").ExecuteAsync(context);
    }
}

using Peeps.Web.Configuration;

namespace Peeps.Web.Security;

/// <summary>
/// Wires the exposure check, the security headers, the Host allowlist, the cross-origin refusal, the request body
/// limit and the API key into the host, in that order: a request a browser was tricked into sending is refused before
/// anything else looks at it.
/// </summary>
public static class SecurityExtensions
{
    /// <summary>Refuses an unauthenticated exposure before anything binds, and caps every request body.</summary>
    /// <returns>The warnings to log once logging is up.</returns>
    public static IReadOnlyList<string> AddPeepsSecurity(this WebApplicationBuilder builder, PeepsOptions options, HostPort http)
    {
        var warnings = ExposurePolicy.Evaluate(options, http, HostPort.Parse(options.Listen, "Listen (PEEPS_LISTEN)"));
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        return warnings;
    }

    public static WebApplication UsePeepsSecurity(this WebApplication app, PeepsOptions options, IReadOnlyList<string> warnings)
    {
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ExposurePolicy).FullName!);
        foreach (var warning in warnings) log.LogWarning("{Exposure}", warning);
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseMiddleware<HostAllowlistMiddleware>();
        app.UseMiddleware<CrossOriginMiddleware>();
        if (!string.IsNullOrEmpty(options.ApiKey)) app.UseMiddleware<ApiKeyMiddleware>(options.ApiKey);
        app.UseMiddleware<RequestBodyLimitMiddleware>(options.MaxRequestBodyBytes);
        return app;
    }
}

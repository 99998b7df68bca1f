using Peeps.Web.Api;

namespace Peeps.Web.Security;

/// <summary>
/// Answers 413 problem+json for a declared body over the limit before any endpoint runs. Kestrel's own
/// <c>MaxRequestBodySize</c> (set to the same value) only trips when a handler reads the body, so an endpoint
/// that ignores its body, such as <c>POST /api/cuts</c>, would otherwise accept any size; chunked bodies without
/// a length are still cut by Kestrel as they are read.
/// </summary>
public sealed class RequestBodyLimitMiddleware(RequestDelegate next, long maxBytes)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (context.Request.ContentLength is { } length && length > maxBytes)
        {
            context.Response.Headers.Connection = "close";
            await Problems.Create(StatusCodes.Status413PayloadTooLarge,
                $"request body of {length} bytes is over the limit of {maxBytes} bytes").ExecuteAsync(context);
            return;
        }
        await next(context);
    }
}

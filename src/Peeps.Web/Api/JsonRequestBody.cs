using System.Text.Json;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;

namespace Peeps.Web.Api;

/// <summary>
/// Reads a request body as JSON whatever its <c>Content-Type</c>. The upstream server reads raw bytes, so its
/// clients send JSON as form data (<c>curl -d</c>), as <c>text/plain</c> or with no type at all; a minimal-API
/// body parameter would answer those 415. Kestrel's <c>MaxRequestBodySize</c> still bounds what is read.
/// </summary>
public static class JsonRequestBody
{
    /// <returns>The body as <typeparamref name="T"/>; null for an empty or blank body, or the literal <c>null</c>.</returns>
    /// <exception cref="BadHttpRequestException">The body is not valid JSON for <typeparamref name="T"/> (400, with the parser's reason).</exception>
    public static async ValueTask<T?> ReadAsync<T>(HttpContext context) where T : class
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var bytes = body.GetBuffer().AsMemory(0, (int)body.Length);
        if (bytes.Span.Trim(" \t\r\n"u8).IsEmpty) return null;
        var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        try
        {
            return JsonSerializer.Deserialize<T>(bytes.Span, options);
        }
        catch (JsonException e)
        {
            throw new BadHttpRequestException("request body is not valid JSON", StatusCodes.Status400BadRequest, e);
        }
    }

    /// <summary>
    /// Describes the body as JSON of <typeparamref name="T"/> in the OpenAPI document. <c>Accepts&lt;T&gt;</c> would
    /// say the same but also make routing answer 415 to any other content type, which is what this class avoids.
    /// </summary>
    public static RouteHandlerBuilder DescribedAsJsonBody<T>(this RouteHandlerBuilder endpoint) =>
        endpoint.AddOpenApiOperationTransformer(async (operation, context, cancellation) =>
        {
            var schema = await context.GetOrCreateSchemaAsync(typeof(T), null, cancellation);
            operation.RequestBody = new OpenApiRequestBody
            {
                Content = new Dictionary<string, OpenApiMediaType> { ["application/json"] = new() { Schema = schema } },
            };
        });
}

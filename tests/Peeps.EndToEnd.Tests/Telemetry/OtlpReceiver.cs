using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Peeps.EndToEnd.Tests.Telemetry;

/// <summary>
/// A stand-in OTLP collector: Kestrel on a free loopback port taking OTLP/HTTP protobuf posts to <c>/v1/traces</c> and
/// <c>/v1/metrics</c>. It does not decode protobuf; names (of instruments, spans, meters) travel in it as plain UTF-8,
/// which is what the tests look for.
/// </summary>
internal sealed class OtlpReceiver : IAsyncDisposable
{
    private const int MaxBodyBytes = 4 * 1024 * 1024;

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<string>> _received = new();

    private OtlpReceiver(WebApplication app) => _app = app;

    public Uri Endpoint => new(_app.Urls.First());

    public static async Task<OtlpReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new OtlpReceiver(app);
        app.MapPost("/v1/{signal}", async (string signal, HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            if (body.Length > MaxBodyBytes) return Results.StatusCode(StatusCodes.Status413PayloadTooLarge);
            // Latin-1 keeps every byte as one char, so UTF-8 names inside the protobuf are found as they are (they are ASCII).
            receiver._received.GetOrAdd(signal, _ => new()).Enqueue(Encoding.Latin1.GetString(body.ToArray()));
            return Results.Ok();
        });
        await app.StartAsync();
        return receiver;
    }

    /// <summary>Whether some export of <paramref name="signal"/> (<c>traces</c> or <c>metrics</c>) named every one of <paramref name="names"/>.</summary>
    public bool Received(string signal, params string[] names) =>
        _received.TryGetValue(signal, out var bodies) && names.All(name => bodies.Any(body => body.Contains(name, StringComparison.Ordinal)));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

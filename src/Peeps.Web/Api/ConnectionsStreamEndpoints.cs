using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Akka.Actor;
using Akka.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Peeps.Ingest.Connections;
using HttpJsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;

namespace Peeps.Web.Api;

/// <summary>
/// <c>GET /api/connections/stream</c>: server-sent events carrying the <c>/api/connections</c> JSON whenever
/// the set of live connections changes, so the console's process list is live without reloading.
/// The registry has no subscription, so the stream asks it on a short interval and sends only changes;
/// a heartbeat keeps proxies and the browser from timing the stream out while nothing changes. At most
/// <see cref="EventStreamSettings.MaxClients"/> streams are open at once; one more is a 503 problem.
/// </summary>
public static class ConnectionsStreamEndpoints
{
    public const string ConnectionsEvent = "connections";
    public const string HeartbeatEvent = "heartbeat";

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan ClientRetry = TimeSpan.FromSeconds(2);

    public static IEndpointRouteBuilder MapConnectionsStream(this IEndpointRouteBuilder routes)
    {
        // Resolved here so the meter publishes the client instruments from the start, not from the first stream.
        routes.ServiceProvider.GetRequiredService<EventStreamClients>();
        routes.MapGet("/api/connections/stream", Stream)
            .WithName("StreamConnections").WithSummary("Server-sent events: the connections list each time it changes");
        return routes;
    }

    private static Results<ServerSentEventsResult<string>, ProblemHttpResult> Stream(
        HttpContext context,
        EventStreamClients clients,
        IRequiredActor<ConnectionRegistry> registry,
        ApiSettings timeouts,
        IOptions<HttpJsonOptions> json,
        IHostApplicationLifetime lifetime,
        CancellationToken requestAborted)
    {
        var slot = clients.TryEnter();
        if (slot is null)
            return Problems.Unavailable(
                $"{clients.Limit} event-stream clients are already connected, the most Peeps:EventStreams:MaxClients allows; retry when one has left");
        // Freed when the response ends, however it ends, even if the stream is never enumerated.
        context.Response.RegisterForDispose(slot);
        // Ends on client disconnect and on shutdown, so an open console never holds up the host's stop.
        return TypedResults.ServerSentEvents(Changes(registry.ActorRef, timeouts.Actor, json.Value.SerializerOptions, requestAborted, lifetime.ApplicationStopping));
    }

    private static async IAsyncEnumerable<SseItem<string>> Changes(
        IActorRef registry,
        TimeSpan askTimeout,
        JsonSerializerOptions json,
        CancellationToken requestAborted,
        CancellationToken stopping,
        [EnumeratorCancellation] CancellationToken enumeration = default)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, stopping, enumeration);
        var token = linked.Token;
        string? lastSent = null;
        var lastWrite = DateTime.UtcNow;
        while (!token.IsCancellationRequested)
        {
            var current = await ReadAsync(registry, askTimeout, json, token);
            if (current is not null && current != lastSent)
            {
                lastSent = current;
                lastWrite = DateTime.UtcNow;
                yield return new SseItem<string>(current, ConnectionsEvent) { ReconnectionInterval = ClientRetry };
            }
            else if (DateTime.UtcNow - lastWrite >= HeartbeatInterval)
            {
                lastWrite = DateTime.UtcNow;
                yield return new SseItem<string>("{}", HeartbeatEvent);
            }
            if (!await DelayAsync(PollInterval, token)) yield break;
        }
    }

    /// <summary>The connections JSON, or null when the registry did not answer in time (the next tick retries).</summary>
    private static async Task<string?> ReadAsync(IActorRef registry, TimeSpan askTimeout, JsonSerializerOptions json, CancellationToken token)
    {
        try
        {
            var live = await registry.Ask<ConnectionRegistry.Live>(ConnectionRegistry.GetLive.Instance, askTimeout, token);
            var view = new ConnectionsEndpoints.ConnectionsView(
                live.Connections.Length,
                [.. live.Connections.Select(c => new ConnectionsEndpoints.ProcessView(c.ConnId, c.ProcessName, c.Pid))]);
            return JsonSerializer.Serialize(view, json);
        }
        catch (AskTimeoutException)
        {
            return null;
        }
        catch (OperationCanceledException)
        {
            return null;
        }
    }

    private static async Task<bool> DelayAsync(TimeSpan delay, CancellationToken token)
    {
        try
        {
            await Task.Delay(delay, token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}

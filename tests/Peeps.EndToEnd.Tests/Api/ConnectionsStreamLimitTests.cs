using System.Net;
using System.Text.Json;
using Peeps.Testing;

namespace Peeps.EndToEnd.Tests.Api;

/// <summary>
/// At most <c>Peeps:EventStreams:MaxClients</c> clients hold <c>/api/connections/stream</c> at once: one more gets a
/// 503 problem naming the setting, is counted, and a slot freed by a client that left is taken again.
/// </summary>
public sealed class ConnectionsStreamLimitTests
{
    [Fact]
    public async Task A_client_past_the_limit_gets_a_503_problem_is_counted_and_a_freed_slot_is_taken_again()
    {
        await using var server = await PeepsServer.StartAsync(settings: "Peeps:EventStreams:MaxClients=2");
        var first = await OpenAsync(server);
        using var second = await OpenAsync(server);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);

        using (var third = await OpenAsync(server))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, third.StatusCode);
            Assert.Equal("application/problem+json", third.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(await third.Content.ReadAsStringAsync()).RootElement;
            Assert.Contains("Peeps:EventStreams:MaxClients", problem.GetProperty("error").GetString(), StringComparison.Ordinal);
            Assert.Equal(503, problem.GetProperty("status").GetInt32());
        }
        var metrics = await server.Http.GetStringAsync("/metrics");
        Assert.Contains("peeps_event_streams_refused_total 1", metrics, StringComparison.Ordinal);
        Assert.Contains("peeps_event_streams_clients 2", metrics, StringComparison.Ordinal);

        // The server sees the client go at its next write (a poll tick at most) and frees the slot.
        first.Dispose();
        using var again = await Eventually.Until(() => OpenAsync(server), r =>
        {
            if (r.StatusCode == HttpStatusCode.OK) return true;
            r.Dispose();
            return false;
        }, TimeSpan.FromSeconds(30), "a slot freed by the client that left");
        Assert.Equal("text/event-stream", again.Content.Headers.ContentType?.MediaType);
    }

    private static Task<HttpResponseMessage> OpenAsync(PeepsServer server) =>
        server.Http.GetAsync("/api/connections/stream", HttpCompletionOption.ResponseHeadersRead);
}

using System.Net;
using System.Text;
using System.Text.Json;

namespace Peeps.EndToEnd.Tests.Snapshots;

/// <summary>Past <c>Peeps:Snapshots:MaxInFlight</c> snapshots being taken, one more is a 503 problem at once, not a queue.</summary>
[Collection(CoordinationTimingCollection.Name)]
public sealed class SnapshotsInFlightTests
{
    [Fact]
    public async Task A_snapshot_beyond_the_limit_is_refused_at_once_and_a_freed_slot_is_taken_again()
    {
        await using var server = await PeepsServer.StartAsync(settings: "Peeps:Snapshots:MaxInFlight=1");
        using var silent = server.Connect();
        await silent.HandshakeAsync("silent", 1);
        await Eventually.Until(() => server.CountAsync("select count(*) from connections where process_name = 'silent'"), n => n == 1);

        var first = TakeAsync(server, 3000);
        // A head start, so the probes below do not take the slot before the first request has reached it.
        await Task.Delay(300);
        var (_, body) = await Eventually.Until(() => TakeAsync(server, 100), r => r.Status == HttpStatusCode.ServiceUnavailable);

        Assert.Contains("Peeps:Snapshots:MaxInFlight", body.GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, (await first).Status);
        Assert.Equal(HttpStatusCode.OK, (await TakeAsync(server, 100)).Status);
    }

    private static async Task<(HttpStatusCode Status, JsonElement Body)> TakeAsync(PeepsServer server, int timeoutMs)
    {
        using var response = await server.Http.PostAsync("/api/snapshot",
            new StringContent($$"""{"timeout_ms":{{timeoutMs}}}""", Encoding.UTF8, "application/json"));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone());
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using Peeps.Wire.Messages;

namespace Peeps.EndToEnd.Tests.Snapshots;

[Collection(CoordinationTimingCollection.Name)]
public sealed class SnapshotRetentionTests
{
    private static async Task<long> TakeAsync(PeepsServer server, int timeoutMs)
    {
        using var response = await server.Http.PostAsync("/api/snapshot", new StringContent($$"""{"timeout_ms":{{timeoutMs}}}""", Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("snapshot_id").GetInt64();
    }

    private static async Task<HttpStatusCode> StoredAsync(PeepsServer server, long snapshotId)
    {
        using var response = await server.Http.GetAsync($"/api/snapshots/{snapshotId}");
        return response.StatusCode;
    }

    [Fact]
    public async Task Snapshot_that_finishes_after_a_later_one_is_kept_by_retention_as_the_newest()
    {
        await using var server = await PeepsServer.StartAsync(settings: "Peeps:Writer:SnapshotRetention:MaxSnapshots=1");
        // A runtime that never replies makes every snapshot last its whole timeout, so the earlier, longer one finishes last.
        using var silent = server.Connect();
        await silent.HandshakeAsync("silent", 1);
        await Eventually.Until(() => server.GetJsonAsync("/api/connections"), c => c.GetProperty("connected_processes").GetInt32() == 1);

        var slow = TakeAsync(server, 4_000);
        // The request reaching the runtime proves the slow snapshot has its id and is waiting out its timeout.
        var request = Assert.IsType<SnapshotRequest>(await silent.ReceiveAsync(TimeSpan.FromSeconds(10)));
        var quick = await TakeAsync(server, 100);
        var slowId = await slow;

        Assert.Equal(request.SnapshotId, slowId);
        Assert.True(slowId < quick, $"the slow snapshot ({slowId}) was meant to get the earlier id ({quick})");
        await Eventually.Until(() => StoredAsync(server, slowId), s => s == HttpStatusCode.OK, what: $"snapshot {slowId} readable after it answered");
        await Eventually.Until(() => StoredAsync(server, quick), s => s == HttpStatusCode.NotFound, what: $"snapshot {quick} pruned as the older completion");
    }
}

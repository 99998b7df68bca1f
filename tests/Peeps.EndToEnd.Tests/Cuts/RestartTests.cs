using System.Net;
using System.Text;
using System.Text.Json;
using Peeps.EndToEnd.Tests.Snapshots;
using Peeps.Wire.Messages;

namespace Peeps.EndToEnd.Tests.Cuts;

[Collection(CoordinationTimingCollection.Name)]
public sealed class RestartTests
{
    [Fact]
    public async Task After_a_restart_ids_continue_and_an_earlier_cut_and_snapshot_are_still_readable()
    {
        using var folder = new DatabaseFolder();
        var db = folder.DbPath;
        long firstConnId;
        string cutBefore;
        await using (var server = await PeepsServer.StartAsync(db))
        {
            using var client = server.Connect();
            await client.HandshakeAsync("before-restart", 7);
            firstConnId = (await Eventually.Until(() => server.GetJsonAsync("/api/connections"), c => c.GetProperty("connected_processes").GetInt32() == 1))
                .GetProperty("processes")[0].GetProperty("conn_id").GetInt64();

            Assert.Equal("cut:1", (await server.PostJsonAsync("/api/cuts", "{}")).GetProperty("cut_id").GetString());
            await client.ReceiveAsync(TimeSpan.FromSeconds(5));
            await client.SendAsync(new CutAck("cut:1", new StreamCursor("proc:7", 0)));
            cutBefore = (await Eventually.Until(() => server.GetJsonAsync("/api/cuts/cut:1"), c => c.GetProperty("complete").GetBoolean())).GetRawText();

            var answering = Task.Run(async () =>
            {
                var request = Assert.IsType<SnapshotRequest>(await client.ReceiveAsync(TimeSpan.FromSeconds(5)));
                await client.SendJsonAsync("{\"snapshot_reply\":{\"snapshot_id\":" + request.SnapshotId
                    + ""","ptime_now_ms":9,"snapshot":{"entities":[],"scopes":[],"edges":[],"events":[]}}}""");
            });
            Assert.Equal(1, (await server.PostJsonAsync("/api/snapshot", "{}")).GetProperty("snapshot_id").GetInt64());
            await answering;
            await Eventually.Until(() => server.GetJsonAsync("/api/snapshots"), l => l.GetProperty("snapshots").GetArrayLength() == 1);
        }

        await using var restarted = await PeepsServer.StartAsync(db);
        var cut = await restarted.GetJsonAsync("/api/cuts/cut:1");
        var snapshot = await restarted.GetJsonAsync("/api/snapshots/1");
        var nextCut = await restarted.PostJsonAsync("/api/cuts", "{}");
        var nextSnapshot = await restarted.PostJsonAsync("/api/snapshot", "{}");
        using var client2 = restarted.Connect();
        await client2.HandshakeAsync("after-restart", 8);
        var connection = await Eventually.Until(() => restarted.GetJsonAsync("/api/connections"), c => c.GetProperty("connected_processes").GetInt32() == 1);

        Assert.Equal((1, 0, true), (cut.GetProperty("acked_connections").GetInt32(), cut.GetProperty("pending_connections").GetInt32(), cut.GetProperty("complete").GetBoolean()));
        // Replayed from the journal: the same document, its ack and completion times included.
        Assert.Equal(cutBefore, cut.GetRawText());
        Assert.Equal("before-restart", Assert.Single(snapshot.GetProperty("processes").EnumerateArray()).GetProperty("process_name").GetString());
        Assert.Equal("cut:2", nextCut.GetProperty("cut_id").GetString());
        Assert.Equal(2, nextSnapshot.GetProperty("snapshot_id").GetInt64());
        Assert.True(connection.GetProperty("processes")[0].GetProperty("conn_id").GetInt64() > firstConnId);
        using var stillThere = await restarted.Http.GetAsync("/api/cuts/cut:1");
        Assert.Equal(HttpStatusCode.OK, stillThere.StatusCode);
    }
}

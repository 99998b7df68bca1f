using System.Text.Json;
using Peeps.EndToEnd.Tests.Snapshots;
using Peeps.Wire.Messages;

namespace Peeps.EndToEnd.Tests.Cuts;

[Collection(CoordinationTimingCollection.Name)]
public sealed class CutDisconnectEndToEndTests
{
    private const int Batches = 40;
    private const int ChangesPerBatch = 1000;

    [Fact]
    public async Task Process_that_acks_and_disconnects_at_once_completes_the_cut_only_with_its_batches_in_sql()
    {
        // One batch per commit keeps the writer behind the socket, so batches sent before the ack are still on their
        // way to SQL when the ack and the disconnect reach the coordinator.
        await using var server = await PeepsServer.StartAsync(settings: $"Peeps:Ingest:MaxGroupWeight={ChangesPerBatch + 1}");
        var client = server.Connect();
        await client.HandshakeAsync("acks-and-leaves", 77);
        await Eventually.Until(() => server.GetJsonAsync("/api/connections"), c => c.GetProperty("connected_processes").GetInt32() == 1);

        using var post = await server.Http.PostAsync("/api/cuts", null);
        var cutId = JsonDocument.Parse(await post.Content.ReadAsStringAsync()).RootElement.GetProperty("cut_id").GetString()!;
        Assert.IsType<CutRequest>(await client.ReceiveAsync(TimeSpan.FromSeconds(10)));
        for (var i = 0; i < Batches; i++)
            await client.SendJsonAsync(SampleBatches.Upserts("proc:77", (ulong)(i * ChangesPerBatch), ChangesPerBatch));
        const ulong cursor = Batches * ChangesPerBatch;
        await client.SendAsync(new CutAck(cutId, new StreamCursor("proc:77", cursor)));
        client.Dispose();

        var cut = await Eventually.Until(() => server.GetJsonAsync($"/api/cuts/{cutId}"),
            c => c.GetProperty("pending_connections").GetInt32() == 0, what: $"{cutId} complete");
        var entitiesWhenComplete = await server.CountAsync("select count(*) from entities");

        var member = Assert.Single(cut.GetProperty("connections").EnumerateArray());
        Assert.Equal("committed", member.GetProperty("state").GetString());
        Assert.Equal(cursor, member.GetProperty("committed_next_seq_no").GetUInt64());
        Assert.Equal((long)cursor, entitiesWhenComplete);
    }
}

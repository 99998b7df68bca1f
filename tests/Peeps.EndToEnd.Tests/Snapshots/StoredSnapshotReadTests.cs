using System.Net;
using System.Text;
using System.Text.Json;
using Peeps.Wire.Messages;

namespace Peeps.EndToEnd.Tests.Snapshots;

/// <summary>
/// Stored snapshots are the server's own documents, bounded when they were written: reading them back is not
/// subject to the row and byte bounds that protect the server from clients' SQL.
/// </summary>
[Collection(CoordinationTimingCollection.Name)]
public sealed class StoredSnapshotReadTests
{
    [Fact]
    public async Task A_stored_snapshot_larger_than_the_sql_result_bound_reads_back_whole_and_the_history_lists_past_the_row_bound()
    {
        await using var server = await PeepsServer.StartAsync(settings: ["Peeps:Sql:MaxResultBytes=1024", "Peeps:Sql:MaxRows=1"]);
        using var runtime = server.Connect();
        await runtime.HandshakeAsync("large-state", 7);
        await Eventually.Until(() => server.GetJsonAsync("/api/connections"), c => c.GetProperty("connected_processes").GetInt32() == 1);
        var name = new string('x', 4096);
        var state = $$"""{"entities":[{"id":"big","name":"{{name}}"}],"scopes":[],"edges":[]}""";

        var ids = new List<long>();
        for (var i = 0; i < 2; i++)
        {
            var taking = server.Http.PostAsync("/api/snapshot", new StringContent("{}", Encoding.UTF8, "application/json"));
            var request = Assert.IsType<SnapshotRequest>(await runtime.ReceiveAsync(TimeSpan.FromSeconds(5)));
            await runtime.SendAsync(new SnapshotReply(request.SnapshotId, 1, Encoding.UTF8.GetBytes(state)));
            using var taken = await taking;
            taken.EnsureSuccessStatusCode();
            ids.Add(request.SnapshotId);
        }

        using var read = await Eventually.Until(() => server.Http.GetAsync($"/api/snapshots/{ids[^1]}"), r => r.StatusCode == HttpStatusCode.OK,
            what: "the stored snapshot readable");
        Assert.Contains(name, await read.Content.ReadAsStringAsync());
        var listed = await Eventually.Until(() => server.GetJsonAsync("/api/snapshots?limit=5"), l => l.GetProperty("snapshots").GetArrayLength() == 2,
            what: "both snapshots listed");
        Assert.Equal(ids.AsEnumerable().Reverse(), listed.GetProperty("snapshots").EnumerateArray().Select(s => s.GetProperty("snapshot_id").GetInt64()));
    }

    [Fact]
    public async Task The_id_a_snapshot_answer_gives_reads_back_at_once()
    {
        await using var server = await PeepsServer.StartAsync();
        using var runtime = server.Connect();
        await runtime.HandshakeAsync("read-your-writes", 8);
        await Eventually.Until(() => server.GetJsonAsync("/api/connections"), c => c.GetProperty("connected_processes").GetInt32() == 1);
        const string state = """{"entities":[{"id":"a"}],"scopes":[],"edges":[]}""";

        for (var i = 0; i < 10; i++)
        {
            var taking = server.Http.PostAsync("/api/snapshot", new StringContent("{}", Encoding.UTF8, "application/json"));
            var request = Assert.IsType<SnapshotRequest>(await runtime.ReceiveAsync(TimeSpan.FromSeconds(5)));
            await runtime.SendAsync(new SnapshotReply(request.SnapshotId, 1, Encoding.UTF8.GetBytes(state)));
            using var taken = await taking;
            taken.EnsureSuccessStatusCode();

            using var read = await server.Http.GetAsync($"/api/snapshots/{request.SnapshotId}");
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            using var diagnosis = await server.Http.GetAsync($"/api/snapshots/{request.SnapshotId}/diagnosis");
            Assert.Equal(HttpStatusCode.OK, diagnosis.StatusCode);
        }
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using Peeps.EndToEnd.Tests.Snapshots;
using Peeps.EndToEnd.Tests.Support;
using Peeps.Wire.Messages;

namespace Peeps.EndToEnd.Tests.Cuts;

[Collection(CoordinationTimingCollection.Name)]
public sealed class JournalCompactionTests
{
    [Fact]
    public async Task After_more_cuts_than_the_snapshot_interval_the_journal_stays_near_it_and_a_restart_keeps_ids_and_history()
    {
        const int snapshotEvery = 20;
        const int cuts = 70;
        using var folder = new DatabaseFolder();
        var db = folder.DbPath;
        var journal = new JournalFile(db);
        string firstCut;
        await using (var server = await PeepsServer.StartAsync(db, $"Peeps:Cuts:SnapshotEvery={snapshotEvery}"))
        {
            using (var client = server.Connect())
            {
                await client.HandshakeAsync("compacted", 11);
                await Eventually.Until(() => server.GetJsonAsync("/api/connections"), c => c.GetProperty("connected_processes").GetInt32() == 1);
                Assert.Equal("cut:1", (await server.PostJsonAsync("/api/cuts", "{}")).GetProperty("cut_id").GetString());
                await client.ReceiveAsync(TimeSpan.FromSeconds(5));
                await client.SendAsync(new CutAck("cut:1", new StreamCursor("proc:11", 0)));
                firstCut = (await Eventually.Until(() => server.GetJsonAsync("/api/cuts/cut:1"), c => c.GetProperty("complete").GetBoolean())).GetRawText();
            }
            await Eventually.Until(() => server.GetJsonAsync("/api/connections"), c => c.GetProperty("connected_processes").GetInt32() == 0);
            for (var i = 2; i <= cuts; i++)
                Assert.Equal($"cut:{i}", (await server.PostJsonAsync("/api/cuts", "{}")).GetProperty("cut_id").GetString());

            // Three events for the first cut and one for each later one: well past three snapshot intervals.
            await Eventually.Until(() => Task.FromResult(journal.Events("peeps-cuts")), n => n <= snapshotEvery + 1,
                what: $"the cut journal compacted to at most {snapshotEvery + 1} rows");
            await Eventually.Until(() => Task.FromResult(journal.Snapshots("peeps-cuts")), n => n == 1, what: "one snapshot kept");
        }

        await using var restarted = await PeepsServer.StartAsync(db, $"Peeps:Cuts:SnapshotEvery={snapshotEvery}");
        var recovered = await restarted.GetJsonAsync("/api/cuts/cut:1");
        var latest = await restarted.GetJsonAsync($"/api/cuts/cut:{cuts}");
        var next = await restarted.PostJsonAsync("/api/cuts", "{}");

        Assert.Equal(firstCut, recovered.GetRawText());
        Assert.Equal("committed", recovered.GetProperty("connections")[0].GetProperty("state").GetString());
        Assert.True(latest.GetProperty("complete").GetBoolean());
        Assert.Equal($"cut:{cuts + 1}", next.GetProperty("cut_id").GetString());
        Assert.True(journal.Events("peeps-cuts") <= snapshotEvery + 1, $"{journal.Events("peeps-cuts")} journal rows after the restart");
    }

    [Fact]
    public async Task Snapshot_id_journal_keeps_only_its_newest_entries_and_ids_continue_after_a_restart()
    {
        const int kept = 10;
        const int snapshots = 25;
        using var folder = new DatabaseFolder();
        var db = folder.DbPath;
        var journal = new JournalFile(db);
        await using (var server = await PeepsServer.StartAsync(db, $"Peeps:Snapshots:JournalEntriesKept={kept}"))
        {
            for (var i = 1; i <= snapshots; i++)
                Assert.Equal(i, (await server.PostJsonAsync("/api/snapshot", "{}")).GetProperty("snapshot_id").GetInt64());
            await Eventually.Until(() => Task.FromResult(journal.Events("peeps-snapshot-ids")), n => n <= kept + 1,
                what: $"the snapshot id journal trimmed to at most {kept + 1} rows");
        }

        await using var restarted = await PeepsServer.StartAsync(db, $"Peeps:Snapshots:JournalEntriesKept={kept}");
        Assert.Equal(snapshots + 1, (await restarted.PostJsonAsync("/api/snapshot", "{}")).GetProperty("snapshot_id").GetInt64());
        using var earlier = await restarted.Http.GetAsync($"/api/snapshots/{snapshots}");
        Assert.Equal(HttpStatusCode.OK, earlier.StatusCode);
    }
}

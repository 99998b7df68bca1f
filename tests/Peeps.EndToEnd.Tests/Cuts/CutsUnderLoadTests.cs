using System.Text.Json;
using Peeps.Simulator;
using Peeps.EndToEnd.Tests.Snapshots;

namespace Peeps.EndToEnd.Tests.Cuts;

/// <summary>
/// The consistent-cut promise while changes keep flowing and the writer lags behind the acks: the first time a cut
/// reads complete, SQL already holds every process at or past the cursor it acked. The materialization tests pin
/// that SQL at a cursor is exactly the process's state there; this pins that the cut never runs ahead of SQL.
/// </summary>
[Collection(CoordinationTimingCollection.Name)]
public sealed class CutsUnderLoadTests
{
    private const int Cuts = 4;

    [Fact]
    public async Task With_changes_flowing_and_the_writer_lagging_a_cut_reads_complete_only_once_sql_holds_every_acked_cursor()
    {
        await using var server = await PeepsServer.StartAsync();
        await using var simulation = Simulation.Start(new SimulatorSettings
        {
            Port = server.Ingest.Port, ProcessCount = 3, ChangesPerSecond = 1500, TickInterval = TimeSpan.FromMilliseconds(50),
        });
        await simulation.WaitForAllConnectedAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await using var pulse = WriterPulse.Start(server.DbPath, hold: TimeSpan.FromMilliseconds(400), release: TimeSpan.FromMilliseconds(50));

        var sawAwaitingCommit = false;
        for (var i = 0; i < Cuts; i++)
        {
            var cutId = (await server.PostJsonAsync("/api/cuts", "{}")).GetProperty("cut_id").GetString()!;
            JsonElement cut;
            while (true)
            {
                cut = await server.GetJsonAsync($"/api/cuts/{cutId}");
                sawAwaitingCommit |= cut.GetProperty("connections").EnumerateArray().Any(c => c.GetProperty("state").GetString() == "awaiting_commit");
                if (cut.GetProperty("pending_connections").GetInt32() == 0) break;
                await Task.Delay(10);
            }

            var committed = await CommittedCursorsAsync(server);
            var members = cut.GetProperty("connections").EnumerateArray().ToList();
            Assert.Equal(3, members.Count);
            foreach (var member in members)
            {
                Assert.Equal("committed", member.GetProperty("state").GetString());
                var key = (member.GetProperty("conn_id").GetInt64(), member.GetProperty("acked_stream_id").GetString()!);
                var acked = member.GetProperty("acked_next_seq_no").GetInt64();
                // A process that acks before its first batch acks 0, and has no stream_cursors row yet.
                var inSql = committed.GetValueOrDefault(key);
                Assert.True(inSql >= acked, $"{cutId}: conn {key.Item1} acked {acked} but SQL holds {inSql}");
            }
        }

        await pulse.StopAsync();
        Assert.True(pulse.Pulses > 0, "the writer was never held");
        Assert.True(sawAwaitingCommit, "no cut ever waited for the lagging writer, so the test proved nothing");
    }

    private static async Task<Dictionary<(long ConnId, string StreamId), long>> CommittedCursorsAsync(PeepsServer server)
    {
        var rows = await server.SqlAsync("select conn_id, stream_id, next_seq_no from stream_cursors");
        return rows.Rows.ToDictionary(r => (r[0].GetInt64(), r[1].GetString()!), r => r[2].GetInt64());
    }
}

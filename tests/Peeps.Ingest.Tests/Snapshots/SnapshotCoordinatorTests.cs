using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Akka.Actor;
using Akka.TestKit;
using Peeps.Ingest.Connections;
using Peeps.Ingest.Snapshots;
using Peeps.Ingest.Tests.Coordination;
using Peeps.Storage.Writing;
using Peeps.Wire.Messages;

namespace Peeps.Ingest.Tests.Snapshots;

[Collection(TimingCollection.Name)]
public sealed class SnapshotCoordinatorTests : CoordinatorTestKit
{
    private const string StateJson = """{"entities":[{"id":"e1","birth":5,"source":"a.rs:1","name":"x","body":"future","meta":{"k":[1, 2.50,"é"]}}],"scopes":[],"edges":[],"events":[]}""";

    private IActorRef Coordinator(long startId = 0) =>
        Sys.ActorOf(SnapshotCoordinator.Props(Registry.Ref, Store, new SnapshotSettings(), startId));

    private static void Reply(TestProbe connection, long connId, string? snapshotJson = StateJson, ulong ptime = 1234)
    {
        var request = connection.ExpectMsg<RequestSnapshot>();
        connection.LastSender.Tell(new SnapshotReplied(connId, new SnapshotReply(
            request.SnapshotId, ptime, snapshotJson is null ? (ReadOnlyMemory<byte>?)null : Encoding.UTF8.GetBytes(snapshotJson))));
    }

    private static JsonElement Parse(SnapshotTaken taken) => JsonDocument.Parse(taken.Json).RootElement.Clone();

    [Fact]
    public void Answers_within_a_few_ms_of_the_last_reply_and_relays_each_snapshot_verbatim()
    {
        var a = Connect(1, "worker-a", 100);
        var b = Connect(2, "worker-b", 200);
        var coordinator = Coordinator();
        var client = CreateTestProbe();

        coordinator.Tell(new TakeSnapshot(TimeSpan.FromSeconds(5)), client.Ref);
        Reply(a, 1);
        var request = b.ExpectMsg<RequestSnapshot>();
        var lastReply = Stopwatch.StartNew();
        b.LastSender.Tell(new SnapshotReplied(2, new SnapshotReply(request.SnapshotId, 99, Encoding.UTF8.GetBytes(StateJson))));
        var taken = client.ExpectMsg<SnapshotTaken>(TimeSpan.FromSeconds(1));
        lastReply.Stop();

        Assert.True(lastReply.ElapsedMilliseconds < 100, $"answered {lastReply.ElapsedMilliseconds} ms after the last reply");
        Assert.Equal(5000, request.TimeoutMs);
        Assert.Contains("\"snapshot\":" + StateJson, Encoding.UTF8.GetString(taken.Json.Span));
        var body = Parse(taken);
        Assert.Equal([1L, 2L], body.GetProperty("processes").EnumerateArray().Select(p => p.GetProperty("process_id").GetInt64()));
        Assert.Equal("worker-b", body.GetProperty("processes")[1].GetProperty("process_name").GetString());
        Assert.Equal(99UL, body.GetProperty("processes")[1].GetProperty("ptime_now_ms").GetUInt64());
        Assert.Empty(body.GetProperty("timed_out_processes").EnumerateArray());
    }

    [Fact]
    public void Result_reports_when_each_reply_arrived_and_when_the_answer_was_ready()
    {
        var a = Connect(1, "worker-a", 100);
        var b = Connect(2, "worker-b", 200);
        var coordinator = Coordinator();
        var client = CreateTestProbe();

        coordinator.Tell(new TakeSnapshot(TimeSpan.FromSeconds(5)), client.Ref);
        Reply(a, 1);
        Thread.Sleep(150);
        Reply(b, 2, snapshotJson: null);
        var body = Parse(client.ExpectMsg<SnapshotTaken>(TimeSpan.FromSeconds(3)));

        var first = body.GetProperty("processes")[0].GetProperty("replied_after_ms").GetDouble();
        var second = body.GetProperty("processes_without_snapshot")[0].GetProperty("replied_after_ms").GetDouble();
        var completed = body.GetProperty("completed_after_ms").GetDouble();
        Assert.True(second - first >= 140, $"replies {first} ms and {second} ms after the request, 150 ms apart");
        Assert.InRange(completed, second, second + 1_000);
    }

    [Fact]
    public void Silent_connection_is_reported_as_timed_out_at_the_timeout_not_later()
    {
        var a = Connect(1, "worker-a", 100);
        var silent = Connect(2, "silent", 200);
        var coordinator = Coordinator();
        var client = CreateTestProbe();
        var timeout = TimeSpan.FromMilliseconds(600);
        // One full round first, so that the timed one measures the coordinator rather than the JIT.
        coordinator.Tell(new TakeSnapshot(timeout), client.Ref);
        Reply(a, 1);
        Reply(silent, 2);
        client.ExpectMsg<SnapshotTaken>(TimeSpan.FromSeconds(3));

        var clock = Stopwatch.StartNew();
        coordinator.Tell(new TakeSnapshot(timeout), client.Ref);
        Reply(a, 1);
        var taken = client.ExpectMsg<SnapshotTaken>(TimeSpan.FromSeconds(3));
        clock.Stop();

        Assert.True(clock.ElapsedMilliseconds >= 550, $"answered after {clock.ElapsedMilliseconds} ms, before the timeout");
        Assert.InRange(Parse(taken).GetProperty("completed_after_ms").GetDouble(), 600, 1_100);
        var timedOut = Assert.Single(Parse(taken).GetProperty("timed_out_processes").EnumerateArray());
        Assert.Equal((2L, "silent", 200U), (timedOut.GetProperty("process_id").GetInt64(), timedOut.GetProperty("process_name").GetString(), timedOut.GetProperty("pid").GetUInt32()));
        Assert.Single(Parse(taken).GetProperty("processes").EnumerateArray());
    }

    [Fact]
    public void Connection_that_stops_mid_snapshot_stops_being_waited_for()
    {
        var a = Connect(1, "worker-a", 100);
        var leaving = Connect(2, "leaving", 200);
        var coordinator = Coordinator();
        var client = CreateTestProbe();

        var clock = Stopwatch.StartNew();
        coordinator.Tell(new TakeSnapshot(TimeSpan.FromSeconds(5)), client.Ref);
        Reply(a, 1);
        leaving.ExpectMsg<RequestSnapshot>();
        Sys.Stop(leaving.Ref);
        var taken = client.ExpectMsg<SnapshotTaken>(TimeSpan.FromSeconds(2));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"waited {clock.ElapsedMilliseconds} ms for a connection that had gone");
        var body = Parse(taken);
        Assert.Empty(body.GetProperty("timed_out_processes").EnumerateArray());
        Assert.Equal(2, Assert.Single(body.GetProperty("disconnected_processes").EnumerateArray()).GetProperty("process_id").GetInt64());
    }

    [Fact]
    public void Reply_without_a_snapshot_is_left_out_of_processes_and_reported_separately()
    {
        var a = Connect(1, "worker-a", 100);
        var b = Connect(2, "empty", 200);
        var coordinator = Coordinator();
        var client = CreateTestProbe();

        coordinator.Tell(new TakeSnapshot(TimeSpan.FromSeconds(5)), client.Ref);
        Reply(a, 1);
        Reply(b, 2, snapshotJson: null, ptime: 77);
        var body = Parse(client.ExpectMsg<SnapshotTaken>());

        Assert.Equal(1, Assert.Single(body.GetProperty("processes").EnumerateArray()).GetProperty("process_id").GetInt64());
        var without = Assert.Single(body.GetProperty("processes_without_snapshot").EnumerateArray());
        Assert.Equal((2L, 77UL), (without.GetProperty("process_id").GetInt64(), without.GetProperty("ptime_now_ms").GetUInt64()));
        Assert.Empty(body.GetProperty("timed_out_processes").EnumerateArray());
    }

    [Fact]
    public void Unreachable_connection_is_timed_out_at_once_instead_of_waited_for()
    {
        var stuck = Connect(1, "stuck", 100);
        var coordinator = Coordinator();
        var client = CreateTestProbe();

        coordinator.Tell(new TakeSnapshot(TimeSpan.FromSeconds(5)), client.Ref);
        stuck.ExpectMsg<RequestSnapshot>();
        stuck.LastSender.Tell(new ClientUnreachable(1, "outbound queue is full"));
        var body = Parse(client.ExpectMsg<SnapshotTaken>(TimeSpan.FromSeconds(1)));

        Assert.Equal(1, Assert.Single(body.GetProperty("timed_out_processes").EnumerateArray()).GetProperty("process_id").GetInt64());
    }

    [Fact]
    public void With_no_connections_answers_at_once_with_empty_lists()
    {
        var coordinator = Coordinator();
        var clock = Stopwatch.StartNew();
        coordinator.Tell(new TakeSnapshot(TimeSpan.FromSeconds(5)));
        var body = Parse(ExpectMsg<SnapshotTaken>(TimeSpan.FromSeconds(1)));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(1));
        Assert.Empty(body.GetProperty("processes").EnumerateArray());
        Assert.Empty(body.GetProperty("timed_out_processes").EnumerateArray());
        Assert.True(body.GetProperty("captured_at_unix_ms").GetInt64() > 1_700_000_000_000);
    }

    [Fact]
    public void Several_snapshots_run_at_once_and_each_gets_its_own_replies()
    {
        var a = Connect(1, "worker-a", 100);
        var coordinator = Coordinator();
        var first = CreateTestProbe();
        var second = CreateTestProbe();

        coordinator.Tell(new TakeSnapshot(TimeSpan.FromSeconds(5)), first.Ref);
        var firstRequest = a.ExpectMsg<RequestSnapshot>();
        var firstCollector = a.LastSender;
        coordinator.Tell(new TakeSnapshot(TimeSpan.FromSeconds(5)), second.Ref);
        var secondRequest = a.ExpectMsg<RequestSnapshot>();
        a.LastSender.Tell(new SnapshotReplied(1, new SnapshotReply(secondRequest.SnapshotId, 2, Encoding.UTF8.GetBytes(StateJson))));
        var secondTaken = second.ExpectMsg<SnapshotTaken>();
        first.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
        firstCollector.Tell(new SnapshotReplied(1, new SnapshotReply(firstRequest.SnapshotId, 1, Encoding.UTF8.GetBytes(StateJson))));
        var firstTaken = first.ExpectMsg<SnapshotTaken>();

        Assert.NotEqual(firstRequest.SnapshotId, secondRequest.SnapshotId);
        Assert.Equal((firstRequest.SnapshotId, secondRequest.SnapshotId), (firstTaken.SnapshotId, secondTaken.SnapshotId));
    }

    [Fact]
    public void Ids_continue_above_the_stored_high_water_mark_and_every_result_is_recorded()
    {
        var coordinator = Coordinator(startId: 41);
        coordinator.Tell(new TakeSnapshot(TimeSpan.FromSeconds(1)));
        var first = ExpectMsg<SnapshotTaken>();
        coordinator.Tell(new TakeSnapshot(TimeSpan.FromSeconds(1)));
        var second = ExpectMsg<SnapshotTaken>();

        Assert.Equal((42L, 43L), (first.SnapshotId, second.SnapshotId));
        AwaitAssert(() => Assert.Equal(2, RecordedOf<SnapshotRecorded>().Length));
        // Each snapshot's collector records its own result, so the two may reach the store in either order.
        var recorded = Assert.Single(RecordedOf<SnapshotRecorded>(), r => r.SnapshotId == 42);
        Assert.Equal(first.Json.ToArray(), recorded.ResultJson.ToArray());
    }

    [Fact]
    public void Ids_are_not_reused_after_the_coordinator_restarts_on_the_same_journal()
    {
        var coordinator = Coordinator();
        coordinator.Tell(new TakeSnapshot(TimeSpan.FromSeconds(1)));
        Assert.Equal(1, ExpectMsg<SnapshotTaken>().SnapshotId);
        Watch(coordinator);
        Sys.Stop(coordinator);
        ExpectTerminated(coordinator);

        var restarted = Coordinator();
        restarted.Tell(new TakeSnapshot(TimeSpan.FromSeconds(1)));
        Assert.Equal(2, ExpectMsg<SnapshotTaken>().SnapshotId);
    }

    [Fact]
    public void Snapshot_in_flight_when_its_coordinator_stops_is_answered_as_failed_instead_of_left_to_time_out()
    {
        var silent = Connect(1, "silent", 100);
        var coordinator = Coordinator();
        var client = CreateTestProbe();
        coordinator.Tell(new TakeSnapshot(TimeSpan.FromSeconds(30)), client.Ref);
        silent.ExpectMsg<RequestSnapshot>();

        Sys.Stop(coordinator);

        Assert.Contains("abandoned", client.ExpectMsg<SnapshotFailed>(TimeSpan.FromSeconds(5)).Reason, StringComparison.Ordinal);
    }
}

using System.Text.Json;
using Akka.Actor;
using Peeps.Ingest.Connections;
using Peeps.Ingest.Coordination;
using Peeps.Ingest.Snapshots;
using Peeps.Ingest.Tests.Coordination;
using Peeps.Storage.Writing;
using Peeps.Wire.Messages;

namespace Peeps.Ingest.Tests.Snapshots;

[Collection(TimingCollection.Name)]
public sealed class SnapshotCollectorEdgeTests : CoordinatorTestKit
{
    [Fact]
    public void Deadline_before_the_registry_list_answers_once_the_list_arrives_with_everyone_timed_out()
    {
        var slowRegistry = CreateTestProbe("slow-registry");
        var a = CreateTestProbe("conn-1");
        var coordinator = Sys.ActorOf(SnapshotCoordinator.Props(slowRegistry.Ref, Store, new SnapshotSettings(), 0));
        var client = CreateTestProbe();

        coordinator.Tell(new TakeSnapshot(TimeSpan.FromMilliseconds(50)), client.Ref);
        slowRegistry.ExpectMsg<ConnectionRegistry.GetLive>();
        client.ExpectNoMsg(TimeSpan.FromMilliseconds(300));
        slowRegistry.Reply(new ConnectionRegistry.Live([new LiveConnection(1, "worker-a", 100, 0, a.Ref)]));

        var body = JsonDocument.Parse(client.ExpectMsg<SnapshotTaken>(TimeSpan.FromSeconds(3)).Json).RootElement;
        Assert.Empty(body.GetProperty("processes").EnumerateArray());
        var timedOut = Assert.Single(body.GetProperty("timed_out_processes").EnumerateArray());
        Assert.Equal(("worker-a", 100U), (timedOut.GetProperty("process_name").GetString(), timedOut.GetProperty("pid").GetUInt32()));
        a.ExpectNoMsg(TimeSpan.FromMilliseconds(100));
    }

    [Fact]
    public void Snapshot_whose_row_cannot_be_queued_answers_failed_as_overloaded_instead_of_unstored_success()
    {
        var full = new StoreOutbox(1);
        Assert.True(full.TryWrite(new ConnectionOpened(99, 0)));
        var coordinator = Sys.ActorOf(SnapshotCoordinator.Props(Registry.Ref, full, new SnapshotSettings(), 0));
        var client = CreateTestProbe();
        var a = Connect(1, "worker-a", 100);

        coordinator.Tell(new TakeSnapshot(TimeSpan.FromSeconds(5)), client.Ref);
        var request = a.ExpectMsg<RequestSnapshot>();
        a.LastSender.Tell(new SnapshotReplied(1, new SnapshotReply(request.SnapshotId, 1, null)));

        var failed = client.ExpectMsg<SnapshotFailed>(TimeSpan.FromSeconds(3));
        Assert.Contains(StoreOutbox.OverloadedReason, failed.Reason, StringComparison.Ordinal);
    }
}

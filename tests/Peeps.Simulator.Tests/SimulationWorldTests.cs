using System.Text;
using System.Text.Json;
using Peeps.Simulator.Json;
using Peeps.Simulator.Model;

namespace Peeps.Simulator.Tests;

public sealed class SimulationWorldTests
{
    private static SimulationWorld Run(SimulatorSettings options, int ticks)
    {
        var world = new SimulationWorld(options);
        for (var i = 0; i < ticks; i++) world.Tick();
        return world;
    }

    private static List<GraphChange> Changes(SimulatedProcess process) =>
        [.. process.Pull(0, int.MaxValue).Changes.Select(c => c.Change)];

    private static string History(SimulatedProcess process) =>
        Encoding.UTF8.GetString(ClientPayloads.DeltaBatch(process.StreamId, process.Pull(0, int.MaxValue)));

    [Fact]
    public void Same_seed_produces_the_same_change_sequence_in_every_process()
    {
        var options = new SimulatorSettings { ProcessCount = 3, Seed = 7, ChangesPerSecond = 1_000 };
        var a = Run(options, 60);
        var b = Run(options, 60);

        for (var i = 0; i < 3; i++) Assert.Equal(History(a.Processes[i]), History(b.Processes[i]));
    }

    [Fact]
    public void Different_seeds_produce_different_change_sequences()
    {
        var a = Run(new SimulatorSettings { Seed = 1 }, 30);
        var b = Run(new SimulatorSettings { Seed = 2 }, 30);

        Assert.NotEqual(History(a.Processes[0]), History(b.Processes[0]));
    }

    [Fact]
    public void Generated_changes_follow_the_target_rate()
    {
        var world = Run(new SimulatorSettings { ProcessCount = 1, ChangesPerSecond = 1_000 }, 1);
        var afterBootstrap = world.Processes[0].NextSeqNo;
        for (var i = 0; i < 50; i++) world.Tick();

        var perSecond = (world.Processes[0].NextSeqNo - afterBootstrap) / 5.0;
        Assert.InRange(perSecond, 900, 1_100);
    }

    [Fact]
    public void Process_time_advances_by_one_tick_interval_per_tick()
    {
        var world = Run(new SimulatorSettings { TickInterval = TimeSpan.FromMilliseconds(100) }, 1);
        var before = world.Processes[0].PtimeNowMs;
        world.Tick();

        Assert.Equal(before + 100, world.Processes[0].PtimeNowMs);
    }

    [Fact]
    public void A_long_run_covers_every_entity_body_edge_kind_event_kind_scope_kind_and_change_kind()
    {
        var world = Run(new SimulatorSettings { ProcessCount = 3, ChangesPerSecond = 1_000 }, 300);
        var changes = world.Processes.SelectMany(Changes).ToList();
        var entities = changes.OfType<UpsertEntityChange>().Select(c => c.Entity).ToList();

        Assert.Equal(
            ["channel_rx", "channel_tx", "command", "file_op", "future", "lock", "net_accept", "net_connect", "net_read", "net_write",
             "notify", "once_cell", "request", "response", "semaphore"],
            entities.Select(e => e.Body.Variant).Distinct().Order());
        Assert.Equal(Enum.GetValues<EdgeKind>(), changes.OfType<UpsertEdgeChange>().Select(c => c.Edge.Kind).Distinct().Order());
        Assert.Equal(Enum.GetValues<EventKind>(), changes.OfType<AppendEventChange>().Select(c => c.Event.Kind).Distinct().Order());
        Assert.Equal(Enum.GetValues<ScopeKind>(), changes.OfType<UpsertScopeChange>().Select(c => c.Scope.Body).Distinct().Order());
        Assert.Equal(9, changes.Select(c => c.Variant).Distinct().Count());

        var channelEnds = entities.Select(e => e.Body).OfType<ChannelEndBody>().ToList();
        Assert.Equal(["broadcast", "mpsc", "oneshot", "watch"], channelEnds.Select(b => b.Details.Flavor).Distinct().Order());
        Assert.Contains(channelEnds, b => !b.Lifecycle.IsOpen);
        Assert.Equal(Enum.GetValues<LockKind>(), entities.Select(e => e.Body).OfType<LockBody>().Select(b => b.Kind).Distinct().Order());
        Assert.Equal(Enum.GetValues<OnceCellState>(), entities.Select(e => e.Body).OfType<OnceCellBody>().Select(b => b.State).Distinct().Order());
        Assert.Equal(Enum.GetValues<ResponseStatus>(), entities.Select(e => e.Body).OfType<ResponseBody>().Select(b => b.Status).Distinct().Order());
        Assert.Contains(changes.OfType<AppendEventChange>(), c => c.Event.Target.IsScope);
        Assert.Contains(entities, e => e.Name == "DemoRpc.sleepy_forever");
    }

    [Fact]
    public void Bounded_channels_fill_to_capacity_and_their_blocked_senders_need_the_sender_end()
    {
        var world = Run(new SimulatorSettings { ProcessCount = 1, ChangesPerSecond = 2_000 }, 100);
        var changes = Changes(world.Processes[0]);
        var entities = changes.OfType<UpsertEntityChange>().Select(c => c.Entity).ToList();
        var names = entities.GroupBy(e => e.Id).ToDictionary(g => g.Key, g => g.Last());

        Assert.Contains(entities, e => e.Body is ChannelEndBody { IsSender: true, Details: BufferedChannelDetails { Buffer: { IsFull: true } } });
        Assert.Contains(changes.OfType<UpsertEdgeChange>(), c =>
            c.Edge.Kind == EdgeKind.Needs && names[c.Edge.Src].Name == "mpsc.send" && names[c.Edge.Dst].Body is ChannelEndBody { IsSender: true });
        Assert.Contains(changes.OfType<RemoveEdgeChange>(), c => c.Kind == EdgeKind.Needs);
        Assert.Contains(changes.OfType<RemoveEntityChange>(), c => names[c.Id].Name == "mpsc.send");
    }

    [Fact]
    public void Rpc_calls_span_processes_and_name_their_caller()
    {
        var world = Run(new SimulatorSettings { ProcessCount = 3, ChangesPerSecond = 2_000 }, 100);
        var streams = world.Processes.Select(p => p.StreamId).ToHashSet();

        foreach (var process in world.Processes)
        {
            var incoming = Changes(process).OfType<UpsertEntityChange>()
                .Where(c => c.Entity.Body is ResponseBody && c.Entity.Meta!["caller"] is not null)
                .Select(c => c.Entity.Meta!["caller"]!.GetValue<string>())
                .ToList();
            Assert.NotEmpty(incoming);
            Assert.All(incoming, caller => Assert.True(streams.Contains(caller) && caller != process.StreamId));
        }
    }

    [Fact]
    public void A_callee_links_the_callers_request_to_its_own_response_and_its_handler_works_on_that_response()
    {
        var world = Run(new SimulatorSettings { ProcessCount = 3, ChangesPerSecond = 2_000 }, 100);
        var snapshots = world.Processes.Select(p => p.Capture().Snapshot).ToList();
        var requestOwner = snapshots
            .SelectMany((s, owner) => s.Entities.Where(e => e.Body is RequestBody).Select(e => (e.Id, Owner: owner)))
            .ToDictionary(r => r.Id, r => r.Owner);

        var links = snapshots.SelectMany((s, callee) => s.Edges.Where(e => e.Kind == EdgeKind.RpcLink).Select(e => (Edge: e, Callee: callee))).ToList();

        Assert.NotEmpty(links);
        Assert.All(links, link =>
        {
            var calleeEntities = snapshots[link.Callee].Entities.ToDictionary(e => e.Id);
            Assert.DoesNotContain(link.Edge.Src, calleeEntities.Keys);
            Assert.NotEqual(link.Callee, requestOwner[link.Edge.Src]);
            Assert.IsType<ResponseBody>(calleeEntities[link.Edge.Dst].Body);
            Assert.Contains(snapshots[link.Callee].Edges, e =>
                e.Kind == EdgeKind.Needs && e.Dst == link.Edge.Dst && calleeEntities[e.Src].Body is FutureBody);
            Assert.DoesNotContain(snapshots[link.Callee].Edges, e => e.Kind == EdgeKind.Needs && e.Src == link.Edge.Dst);
        });
        Assert.All(requestOwner, request => Assert.Contains(snapshots[request.Value].Edges, e => e.Kind == EdgeKind.Needs && e.Dst == request.Key));
    }

    [Fact]
    public void A_lone_busy_process_makes_no_rpc_calls_since_there_is_no_other_process_to_call()
    {
        var world = Run(new SimulatorSettings { ProcessCount = 1, ChangesPerSecond = 2_000 }, 100);

        Assert.DoesNotContain(Changes(world.Processes[0]).OfType<UpsertEntityChange>(), c => c.Entity.Body is RequestBody or ResponseBody);
    }

    [Fact]
    public void Live_entities_stay_near_the_entity_target()
    {
        var world = Run(new SimulatorSettings { ProcessCount = 2, EntityCount = 60, ChangesPerSecond = 2_000 }, 200);

        Assert.All(world.Processes, p => Assert.InRange(p.Capture().Snapshot.Entities.Count, 20, 140));
    }

    [Fact]
    public void Snapshot_state_matches_replaying_the_change_log()
    {
        var world = Run(new SimulatorSettings { ProcessCount = 2, ChangesPerSecond = 2_000 }, 80);
        var process = world.Processes[1];
        var entities = new Dictionary<string, Entity>();
        var edges = new HashSet<EdgeKey>();
        foreach (var change in Changes(process))
        {
            switch (change)
            {
                case UpsertEntityChange c: entities[c.Entity.Id] = c.Entity; break;
                case RemoveEntityChange c:
                    entities.Remove(c.Id);
                    edges.RemoveWhere(e => e.Src == c.Id || e.Dst == c.Id);
                    break;
                case UpsertEdgeChange c: edges.Add(c.Edge.Key); break;
                case RemoveEdgeChange c: edges.Remove(new EdgeKey(c.Src, c.Dst, c.Kind)); break;
            }
        }
        var snapshot = process.Capture().Snapshot;

        Assert.Equal(entities.Keys.Order(), snapshot.Entities.Select(e => e.Id).Order());
        Assert.Equal(edges.Select(e => e.ToString()).Order(), snapshot.Edges.Select(e => e.Key.ToString()).Order());
        // An rpc_link's source is the caller's request, an id of another process; every other end is an entity here.
        Assert.All(snapshot.Edges, e => Assert.True((e.Kind == EdgeKind.RpcLink || entities.ContainsKey(e.Src)) && entities.ContainsKey(e.Dst)));
    }

    [Fact]
    public void Every_generated_batch_decodes_with_the_servers_wire_decoder()
    {
        var world = Run(new SimulatorSettings { ProcessCount = 2, ChangesPerSecond = 2_000 }, 50);
        var process = world.Processes[0];
        var payload = ClientPayloads.DeltaBatch(process.StreamId, process.Pull(0, 2_048));

        var decoded = Assert.IsType<Peeps.Wire.Messages.DeltaBatch>(Peeps.Wire.Json.ClientMessageDecoder.Decode(payload));

        Assert.Equal(2_048, decoded.Changes.Count);
        Assert.DoesNotContain(decoded.Changes, c => c is Peeps.Wire.Messages.UnknownChange);
        Assert.True(decoded.Truncated);
        using var document = JsonDocument.Parse(payload);
        Assert.Equal("proc:41000", document.RootElement.GetProperty("delta_batch").GetProperty("stream_id").GetString());
    }
}

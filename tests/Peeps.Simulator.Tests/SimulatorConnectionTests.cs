using System.Text.Json;
using Peeps.Wire.Messages;

namespace Peeps.Simulator.Tests;

public sealed class SimulatorConnectionTests : IAsyncLifetime
{
    private readonly FakeIngestServer _server = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private SimulatorSettings Options(int processes = 1) => new()
    {
        Port = _server.Port,
        ProcessCount = processes,
        ChangesPerSecond = 300,
        TickInterval = TimeSpan.FromMilliseconds(100),
        ReconnectDelay = TimeSpan.FromMilliseconds(500),
    };

    [Fact]
    public async Task First_frame_is_the_handshake_with_process_name_and_pid()
    {
        await using var sim = Simulation.Start(Options());
        var connection = await _server.AcceptAsync();
        await connection.WaitForAsync("delta_batch");

        var first = connection.Messages[0];
        Assert.Equal("handshake", FakeConnection.Variant(first));
        Assert.Equal("sim-0", first.GetProperty("handshake").GetProperty("process_name").GetString());
        Assert.Equal(41_000u, first.GetProperty("handshake").GetProperty("pid").GetUInt32());
        Assert.Single(connection.Of("handshake"));
    }

    [Fact]
    public async Task Every_runtime_uses_its_own_connection_and_stream()
    {
        await using var sim = Simulation.Start(Options(processes: 3));
        var connections = new[] { await _server.AcceptAsync(), await _server.AcceptAsync(), await _server.AcceptAsync() };
        var batches = await Task.WhenAll(connections.Select(c => c.WaitForAsync("delta_batch")));
        var handshakes = connections.Select(c => c.Of("handshake").Single().GetProperty("pid").GetUInt32()).ToHashSet();

        Assert.Equal([41_000u, 41_001u, 41_002u], handshakes.Order());
        Assert.Equal(
            handshakes.Select(pid => $"proc:{pid}").Order(),
            batches.Select(b => b.GetProperty("stream_id").GetString()!).Order());
    }

    [Fact]
    public async Task Batches_carry_ascending_seq_nos_and_each_starts_where_the_last_ended()
    {
        await using var sim = Simulation.Start(Options());
        var connection = await _server.AcceptAsync();
        await connection.WaitForCountAsync("delta_batch", 5);

        var batches = connection.Of("delta_batch");
        ulong expectedFrom = 0;
        foreach (var batch in batches)
        {
            var from = batch.GetProperty("from_seq_no").GetUInt64();
            var next = batch.GetProperty("next_seq_no").GetUInt64();
            Assert.Equal(expectedFrom, from);
            var seqNos = batch.GetProperty("changes").EnumerateArray().Select(c => c.GetProperty("seq_no").GetUInt64()).ToList();
            Assert.Equal(Enumerable.Range((int)from, (int)(next - from)).Select(i => (ulong)i), seqNos);
            Assert.False(batch.TryGetProperty("compacted_before_seq_no", out _));
            expectedFrom = next;
        }
    }

    [Fact]
    public async Task Batches_are_sent_at_most_once_per_tick()
    {
        const int Batches = 6;
        var options = Options();
        await using var sim = Simulation.Start(options);
        var connection = await _server.AcceptAsync();
        await connection.WaitForAsync("delta_batch");
        var before = connection.Of("delta_batch").Count;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await connection.WaitForCountAsync("delta_batch", before + Batches);

        // A late timer fires once to catch up, so a window can hold at most two batches more than its whole ticks;
        // a runtime that sent per change instead of per tick would deliver these batches in a few milliseconds.
        Assert.True(clock.Elapsed >= options.TickInterval * (Batches - 2), $"{Batches} batches arrived in {clock.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Nothing_is_sent_when_there_is_nothing_new()
    {
        await using var sim = Simulation.Start(Options() with { ChangesPerSecond = 0 });
        var connection = await _server.AcceptAsync();
        await connection.WaitForAsync("delta_batch");
        await Task.Delay(500);

        Assert.Single(connection.Of("delta_batch"));
    }

    [Fact]
    public async Task Cut_request_is_acked_at_once_with_the_current_cursor()
    {
        await using var sim = Simulation.Start(Options() with { ChangesPerSecond = 0 });
        var connection = await _server.AcceptAsync();
        await connection.WaitForAsync("delta_batch");

        await connection.SendAsync(new CutRequest("cut:7"));
        var ack = await connection.WaitForAsync("cut_ack", timeout: TimeSpan.FromSeconds(1));

        Assert.Equal("cut:7", ack.GetProperty("cut_id").GetString());
        Assert.Equal("proc:41000", ack.GetProperty("cursor").GetProperty("stream_id").GetString());
        Assert.Equal(sim.Runtimes[0].ChangesGenerated, ack.GetProperty("cursor").GetProperty("next_seq_no").GetUInt64());
    }

    [Fact]
    public async Task Cut_ack_cursor_may_be_ahead_of_what_was_sent_but_never_behind()
    {
        await using var sim = Simulation.Start(Options() with { ChangesPerSecond = 3_000 });
        var connection = await _server.AcceptAsync();
        await connection.WaitForAsync("delta_batch");

        await connection.SendAsync(new CutRequest("cut:1"));
        var ack = await connection.WaitForAsync("cut_ack");
        var acked = ack.GetProperty("cursor").GetProperty("next_seq_no").GetUInt64();
        var ackIndex = connection.Messages.ToList().FindIndex(m => FakeConnection.Variant(m) == "cut_ack");
        var sentBefore = connection.Messages.Take(ackIndex).Where(m => FakeConnection.Variant(m) == "delta_batch")
            .Max(b => b.GetProperty("delta_batch").GetProperty("next_seq_no").GetUInt64());

        Assert.True(acked >= sentBefore);
        await sim.Runtimes[0].WaitForCursorAsync(acked).WaitAsync(TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Snapshot_reply_carries_process_time_and_the_full_current_state()
    {
        await using var sim = Simulation.Start(Options() with { ChangesPerSecond = 0 });
        var connection = await _server.AcceptAsync();
        await connection.WaitForAsync("delta_batch");

        await connection.SendAsync(new SnapshotRequest(42, 5_000));
        var reply = await connection.WaitForAsync("snapshot_reply", timeout: TimeSpan.FromSeconds(1));

        var (ptime, state) = sim.Runtimes[0].Process.Capture();
        Assert.Equal(42, reply.GetProperty("snapshot_id").GetInt64());
        Assert.Equal(ptime, reply.GetProperty("ptime_now_ms").GetUInt64());
        var snapshot = reply.GetProperty("snapshot");
        Assert.Equal(state.Entities.Select(e => e.Id), snapshot.GetProperty("entities").EnumerateArray().Select(e => e.GetProperty("id").GetString()));
        Assert.Equal(state.Scopes.Count, snapshot.GetProperty("scopes").GetArrayLength());
        Assert.Equal(state.Edges.Count, snapshot.GetProperty("edges").GetArrayLength());
        Assert.Equal(state.Events.Count, snapshot.GetProperty("events").GetArrayLength());
        Assert.True(snapshot.GetProperty("entities").GetArrayLength() > 10);
    }

    [Fact]
    public async Task Silent_process_sends_batches_but_never_answers_cuts_or_snapshots()
    {
        await using var sim = Simulation.Start(Options() with { SilentProcesses = 1 });
        var connection = await _server.AcceptAsync();
        await connection.WaitForAsync("delta_batch");

        await connection.SendAsync(new CutRequest("cut:1"));
        await connection.SendAsync(new SnapshotRequest(1, 5_000));
        var batchesBefore = connection.Of("delta_batch").Count;
        await Task.Delay(1_000);

        Assert.Empty(connection.Of("cut_ack"));
        Assert.Empty(connection.Of("snapshot_reply"));
        Assert.True(connection.Of("delta_batch").Count > batchesBefore);
        Assert.Equal(ProcessBehavior.Silent, sim.Runtimes[0].Behavior);
    }

    [Fact]
    public async Task Slow_process_answers_only_after_its_delay()
    {
        var delay = TimeSpan.FromMilliseconds(700);
        await using var sim = Simulation.Start(Options() with { SlowProcesses = 1, SlowReplyDelay = delay });
        var connection = await _server.AcceptAsync();
        await connection.WaitForAsync("delta_batch");

        var asked = DateTime.UtcNow;
        await connection.SendAsync(new CutRequest("cut:1"));
        await connection.SendAsync(new SnapshotRequest(3, 5_000));
        await connection.WaitForAsync("cut_ack", timeout: TimeSpan.FromSeconds(5));
        await connection.WaitForAsync("snapshot_reply", timeout: TimeSpan.FromSeconds(5));

        Assert.True(DateTime.UtcNow - asked >= delay - TimeSpan.FromMilliseconds(50));
    }

    [Fact]
    public async Task After_a_reconnect_the_cursor_restarts_at_zero_and_history_is_resent()
    {
        await using var sim = Simulation.Start(Options());
        var first = await _server.AcceptAsync();
        await first.WaitForAsync("delta_batch", b => b.GetProperty("from_seq_no").GetUInt64() > 0);
        first.Abort();

        var second = await _server.AcceptAsync(TimeSpan.FromSeconds(5));
        var batch = await second.WaitForAsync("delta_batch");

        Assert.Equal("handshake", FakeConnection.Variant(second.Messages[0]));
        Assert.Equal(0ul, batch.GetProperty("from_seq_no").GetUInt64());
        Assert.Equal(0ul, batch.GetProperty("changes")[0].GetProperty("seq_no").GetUInt64());
        Assert.Equal("proc:41000", batch.GetProperty("stream_id").GetString());
        Assert.True(sim.Runtimes[0].Connections >= 2);
    }

    [Fact]
    public async Task Runtime_retries_until_the_server_is_listening()
    {
        var port = _server.Port;
        await _server.DisposeAsync();
        await using var sim = Simulation.Start(Options() with { Port = port });
        await Task.Delay(700);
        Assert.False(sim.Runtimes[0].IsConnected);

        await using var late = new FakeIngestServer(port);
        var connection = await late.AcceptAsync(TimeSpan.FromSeconds(5));
        await connection.WaitForAsync("delta_batch");
        Assert.True(sim.Runtimes[0].IsConnected);
    }

    [Fact]
    public async Task Waiting_for_all_sent_completes_once_the_listener_has_every_generated_change()
    {
        await using var sim = Simulation.Start(Options(processes: 2) with { ChangesPerSecond = 2_000 });
        var connections = new[] { await _server.AcceptAsync(), await _server.AcceptAsync() };
        await sim.WaitForAllConnectedAsync();
        var targets = sim.Runtimes.ToDictionary(r => r.StreamId, r => r.ChangesGenerated);

        await sim.WaitForAllSentAsync().WaitAsync(TimeSpan.FromSeconds(5));

        foreach (var connection in connections)
            await connection.WaitForAsync("delta_batch", b => b.GetProperty("next_seq_no").GetUInt64() >= targets[b.GetProperty("stream_id").GetString()!]);
        Assert.True(sim.TotalChangesSent >= (long)targets.Values.Sum(v => (long)v));
    }

    [Fact]
    public async Task Stopping_closes_every_connection()
    {
        var sim = Simulation.Start(Options(processes: 2));
        var connections = new[] { await _server.AcceptAsync(), await _server.AcceptAsync() };
        await sim.StopAsync();

        foreach (var connection in connections) await connection.WaitForCloseAsync();
        Assert.All(sim.Runtimes, r => Assert.False(r.IsConnected));
        await sim.DisposeAsync();
    }

    [Fact]
    public async Task A_resend_after_compaction_starts_above_zero_and_carries_compacted_before_seq_no()
    {
        var limits = new Runtime.ClientLimits { HistoryLimit = 400, CompactTo = 100 };
        await using var sim = Simulation.Start(Options() with { ChangesPerSecond = 5_000, Limits = limits });
        var first = await _server.AcceptAsync();
        await first.WaitForAsync("delta_batch", b => b.GetProperty("next_seq_no").GetUInt64() > 1_000);
        first.Abort();

        var second = await _server.AcceptAsync(TimeSpan.FromSeconds(5));
        var batch = await second.WaitForAsync("delta_batch");

        var compactedBefore = batch.GetProperty("compacted_before_seq_no").GetUInt64();
        Assert.True(compactedBefore > 0);
        Assert.True(batch.GetProperty("from_seq_no").GetUInt64() > 0);
        Assert.True(batch.GetProperty("changes").GetArrayLength() <= 400);
    }
}

using Peeps.Simulator;
using Peeps.Simulator.Json;
using Peeps.Wire.Json;
using Peeps.Wire.Messages;

namespace Peeps.Benchmarks;

/// <summary>One delta batch as a runtime sends it: the frame payload and what the server decodes from it.</summary>
public sealed record CorpusBatch(int Process, int Tick, byte[] Payload, DeltaBatch Batch);

/// <summary>
/// Delta batches produced by the simulator's world with no network: each process pulls its changes once per
/// 100 ms tick, at most 2048 per batch, exactly as the simulated (and the Rust) client does.
/// </summary>
public sealed class Corpus
{
    private Corpus(int processes, IReadOnlyList<CorpusBatch> batches, int ticks)
    {
        Processes = processes;
        Batches = batches;
        Ticks = ticks;
        Mix = ChangeMix.Of(batches.Select(b => b.Batch));
    }

    public int Processes { get; }

    /// <summary>In generation order: tick by tick, process by process.</summary>
    public IReadOnlyList<CorpusBatch> Batches { get; }

    public int Ticks { get; }

    public ChangeMix Mix { get; }

    public long Changes => Mix.Total;

    public long PayloadBytes => Batches.Sum(b => (long)b.Payload.Length);

    /// <summary>Generates until <paramref name="targetChanges"/> changes exist or <paramref name="maxTicks"/> ticks have passed.</summary>
    public static Corpus Generate(int processes, double changesPerSecondPerProcess, long targetChanges, int seed, int maxTicks = int.MaxValue)
    {
        var world = new SimulationWorld(new SimulatorSettings
        {
            ProcessCount = processes,
            ChangesPerSecond = changesPerSecondPerProcess,
            EntityCount = 200,
            Seed = seed,
            NamePrefix = "bench",
        });
        var cursors = new ulong[processes];
        var batches = new List<CorpusBatch>();
        long changes = 0;
        var tick = 0;
        while (changes < targetChanges && tick < maxTicks)
        {
            world.Tick();
            foreach (var process in world.Processes)
            {
                var pull = process.Pull(cursors[process.Index], 2048);
                if (pull.Changes.Count == 0) continue;
                cursors[process.Index] = pull.NextSeqNo;
                var payload = ClientPayloads.DeltaBatch(process.StreamId, pull);
                var batch = (DeltaBatch)ClientMessageDecoder.Decode(payload);
                batches.Add(new CorpusBatch(process.Index, tick, payload, batch));
                changes += batch.Changes.Count;
            }
            tick++;
        }
        return new Corpus(processes, batches, tick);
    }
}

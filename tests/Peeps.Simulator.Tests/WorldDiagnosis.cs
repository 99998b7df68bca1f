using System.Buffers;
using System.Text.Json;
using Peeps.Diagnosis;
using Peeps.Diagnosis.Model;
using Peeps.Diagnosis.Reading;
using Peeps.Diagnosis.Reports;
using Peeps.Simulator.Json;

namespace Peeps.Simulator.Tests;

/// <summary>
/// A world's current state as the server would snapshot it (every process's capture, connection ids from 1), read by
/// the diagnosis library's own reader, so scenario graphs are checked against the real rules without a server.
/// </summary>
internal static class WorldDiagnosis
{
    public static DiagnosisReport Diagnose(SimulationWorld world) => Diagnoser.Diagnose(Document(world), new DiagnosisSettings());

    public static SnapshotDocument Document(SimulationWorld world)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("snapshot_id", world.TickCount);
            writer.WriteStartArray("processes");
            foreach (var process in world.Processes)
            {
                var (ptime, snapshot) = process.Capture();
                writer.WriteStartObject();
                writer.WriteNumber("process_id", process.Index + 1);
                writer.WriteString("process_name", process.Name);
                writer.WriteNumber("pid", process.Pid);
                writer.WriteNumber("ptime_now_ms", ptime);
                writer.WritePropertyName("snapshot");
                ModelJson.Write(writer, snapshot);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
            writer.WriteEndObject();
        }
        return SnapshotDocumentReader.Read(buffer.WrittenSpan);
    }

    /// <summary>An entity as tests name it: its process and its (within a scenario, unique) name.</summary>
    public static (string Process, string Name) Named(NodeView node) => (node.ProcessName, node.Name);
}

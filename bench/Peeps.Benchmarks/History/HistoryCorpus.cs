using System.Text;
using Peeps.Wire.Json;
using Peeps.Wire.Messages;

namespace Peeps.Benchmarks.History;

/// <summary>
/// One process's change history as wire batches: upserts and removals of entities and edges over a pool of ids,
/// scope links and events, in about the mix of the store corpus, so the live graph stays near a steady size while
/// the history grows.
/// </summary>
public static class HistoryCorpus
{
    public static IEnumerable<DeltaBatch> Generate(string stream, int changes, int perBatch, int entityPool, int seed)
    {
        var random = new Random(seed);
        ulong seq = 0;
        var json = new StringBuilder();
        for (var written = 0; written < changes; written += perBatch)
        {
            var from = seq;
            json.Clear().Append("{\"stream_id\":\"").Append(stream).Append("\",\"from_seq_no\":").Append(from).Append(",\"changes\":[");
            for (var i = 0; i < perBatch; i++)
            {
                if (i > 0) json.Append(',');
                json.Append("{\"seq_no\":").Append(seq).Append(",\"change\":");
                var a = "e" + random.Next(entityPool);
                var b = "e" + random.Next(entityPool);
                var roll = random.Next(100);
                if (roll < 45) json.Append("{\"upsert_entity\":{\"id\":\"").Append(a).Append("\",\"birth\":").Append(seq)
                    .Append(",\"source\":\"src/worker.rs:").Append(random.Next(500)).Append("\",\"name\":\"task.").Append(random.Next(1000))
                    .Append("\",\"body\":\"future\",\"meta\":{}}}");
                else if (roll < 55) json.Append("{\"remove_entity\":{\"id\":\"").Append(a).Append("\"}}");
                else if (roll < 80) json.Append("{\"upsert_edge\":{\"src\":\"").Append(a).Append("\",\"dst\":\"").Append(b)
                    .Append("\",\"kind\":\"needs\",\"meta\":null}}");
                else if (roll < 85) json.Append("{\"remove_edge\":{\"src\":\"").Append(a).Append("\",\"dst\":\"").Append(b).Append("\",\"kind\":\"needs\"}}");
                else json.Append("{\"append_event\":{\"id\":\"ev").Append(seq).Append("\",\"at\":").Append(seq)
                    .Append(",\"source\":\"src/worker.rs:9\",\"target\":{\"entity\":\"").Append(a).Append("\"},\"kind\":\"state_changed\",\"meta\":null}}");
                json.Append('}');
                seq++;
            }
            json.Append("],\"next_seq_no\":").Append(seq).Append(",\"truncated\":false}");
            yield return DeltaBatchPayload.Decode(Encoding.UTF8.GetBytes(json.ToString()));
        }
    }
}

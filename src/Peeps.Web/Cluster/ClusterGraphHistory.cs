using System.Buffers;
using System.Text.Json;
using Peeps.Storage.History;
using Peeps.Web.History;

namespace Peeps.Web.Cluster;

/// <summary>
/// The graph at a past instant across the cluster: every node rebuilds its own shard's processes, and the documents
/// are merged into one, in the order one node holding every process writes them (by process id). A node that did not
/// answer is named in the extra member <c>unreachable_nodes</c>; a node that was busy or refused by a bound makes the
/// whole answer busy or refused, since a graph missing a node's processes silently would mislead the diagnosis.
/// </summary>
public sealed class ClusterGraphHistory(ClusterGather gather, HistorySettings settings) : IGraphAtSource
{
    public async Task<GraphHistory.Outcome> RebuildAsync(long atNs, string? process, CancellationToken cancellation)
    {
        // Each node runs its rebuild under the same time limit; the gather timeout lets its answer travel back.
        var within = settings.TimeLimit + gather.View.Settings.GatherTimeout;
        var answers = await gather.AskAllAsync<NodeGraphAnswer>(new RebuildNodeGraph(atNs, process), cancellation, within);
        if (answers.Select(a => a.Answer?.Busy).FirstOrDefault(b => b is not null) is { } busy) return new GraphHistory.Busy(busy);
        if (answers.Select(a => a.Answer?.Refused).FirstOrDefault(r => r is not null) is { } refused) return new GraphHistory.Refused(refused);
        try
        {
            return new GraphHistory.Rebuilt(Merge(atNs, answers, settings.MaxResultBytes));
        }
        catch (GraphAtTooLargeException tooLarge)
        {
            return new GraphHistory.Refused(tooLarge.Message);
        }
    }

    private static byte[] Merge(long atNs, IReadOnlyList<ClusterGather.NodeAnswer<NodeGraphAnswer>> answers, long maxBytes)
    {
        var documents = answers.Where(a => a.Answer?.Json is not null).Select(a => JsonDocument.Parse(a.Answer!.Json)).ToList();
        try
        {
            var buffer = new ArrayBufferWriter<byte>(16 * 1024);
            using (var json = new Utf8JsonWriter(buffer))
            {
                json.WriteStartObject();
                json.WriteNumber("at_ns", atNs);
                json.WriteNumber("captured_at_unix_ms", atNs / 1_000_000);
                json.WriteBoolean("rebuilt_from_history", true);
                WriteMerged(json, documents, "processes", maxBytes, buffer);
                WriteMerged(json, documents, "timed_out_processes", maxBytes, buffer);
                WriteMerged(json, documents, "processes_without_snapshot", maxBytes, buffer);
                json.WriteStartArray("unreachable_nodes");
                foreach (var missing in answers.Where(a => a.Answer is null))
                {
                    json.WriteStartObject();
                    json.WriteString("node", missing.Node);
                    json.WriteString("reason", missing.Failure);
                    json.WriteEndObject();
                }
                json.WriteEndArray();
                json.WriteEndObject();
            }
            return buffer.WrittenSpan.ToArray();
        }
        finally
        {
            foreach (var document in documents) document.Dispose();
        }
    }

    private static void WriteMerged(Utf8JsonWriter json, List<JsonDocument> documents, string member, long maxBytes, ArrayBufferWriter<byte> buffer)
    {
        json.WriteStartArray(member);
        var items = documents
            .SelectMany(d => d.RootElement.TryGetProperty(member, out var list) ? (IEnumerable<JsonElement>)list.EnumerateArray() : [])
            .OrderBy(p => p.TryGetProperty("process_id", out var id) ? id.GetInt64() : 0);
        foreach (var item in items)
        {
            item.WriteTo(json);
            if (json.BytesPending + buffer.WrittenCount > maxBytes)
                throw new GraphAtTooLargeException(
                    $"the cluster's graph is larger than {maxBytes} bytes (Peeps:History:MaxResultBytes); narrow it with process=");
        }
        json.WriteEndArray();
    }
}

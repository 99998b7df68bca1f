using System.Text.Json;
using Peeps.Diagnosis.Model;
using Peeps.Storage;
using Peeps.Storage.History;
using Peeps.Diagnosis.Reading;

namespace Peeps.Web.History;

/// <summary>
/// The graph as it was at a past instant, rebuilt from stored history within <see cref="HistorySettings"/>' bounds:
/// at most that many rebuilds at once, each within its time limit and result size.
/// </summary>
public sealed class GraphHistory(StorageSettings storage, Peeps.Storage.Writing.WriterSettings writer, HistorySettings settings, RebuildSlots slots)
    : IGraphAtSource
{
    private readonly GraphAtReader _reader = new(storage, writer.Checkpoints);

    /// <summary>The outcome of one request: the document, or why there is none.</summary>
    public abstract record Outcome;

    public sealed record Rebuilt(byte[] Json) : Outcome;

    /// <summary>Every slot was taken.</summary>
    public sealed record Busy(string Reason) : Outcome;

    /// <summary>A bound stopped it (time or size).</summary>
    public sealed record Refused(string Reason) : Outcome;

    public async Task<Outcome> RebuildAsync(long atNs, string? process, CancellationToken cancellation)
    {
        using var slot = slots.TryEnter();
        if (slot is null)
            return new Busy($"{slots.Limit} rebuilds are already running, the most Peeps:History:MaxConcurrentRebuilds allows; retry shortly");
        try
        {
            // SQLite reads and the replay are synchronous: keep them off the request's thread.
            return await Task.Run<Outcome>(() =>
            {
                var graph = _reader.Read(atNs, process is null ? null : new ProcessSelector(process), new Deadline(settings.TimeLimit));
                return new Rebuilt(GraphAtDocument.Write(graph, settings.MaxResultBytes));
            }, cancellation);
        }
        catch (GraphAtException bound)
        {
            return new Refused(bound.Message);
        }
    }

    /// <summary>Each rebuilt process with how old its state was at the instant, without its graph.</summary>
    public sealed record ProcessAge(long ConnId, string ProcessName, long Pid, long? StateAgeMs, int Entities);

    public static IReadOnlyList<ProcessAge> Ages(byte[] json)
    {
        using var document = JsonDocument.Parse(json);
        return [.. document.RootElement.GetProperty("processes").EnumerateArray().Select(p => new ProcessAge(
            p.GetProperty("process_id").GetInt64(),
            p.GetProperty("process_name").GetString() ?? "",
            p.GetProperty("pid").GetInt64(),
            p.GetProperty("state_age_ms").ValueKind == JsonValueKind.Number ? p.GetProperty("state_age_ms").GetInt64() : null,
            p.GetProperty("snapshot").GetProperty("entities").GetArrayLength()))];
    }

    /// <summary>A rebuilt document read the way a stored snapshot is, for the diagnosis.</summary>
    public static SnapshotDocument Parse(byte[] json) => SnapshotDocumentReader.Read(json);
}

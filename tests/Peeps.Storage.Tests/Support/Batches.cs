using System.Text;
using Peeps.Storage.Writing;
using Peeps.Wire.Messages;

namespace Peeps.Storage.Tests.Support;

/// <summary>Builds decoded batches as the wire decoder would hand them over, JSON slices included.</summary>
public static class Batches
{
    public static ReadOnlyMemory<byte> Utf8(string json) => Encoding.UTF8.GetBytes(json);

    public static string EntityJson(string id, string name, string bodyJson = "\"future\"") =>
        $$$"""{"id":"{{{id}}}","birth":1,"source":"src/x.rs:1","name":"{{{name}}}","body":{{{bodyJson}}},"meta":{}}""";

    public static UpsertEntity Entity(ulong seq, string id, string name, string bodyJson = "\"future\"") =>
        new(seq, id, Utf8(EntityJson(id, name, bodyJson)));

    public static string ScopeJson(string id, string name) =>
        $$$"""{"id":"{{{id}}}","birth":1,"source":"src/x.rs:2","name":"{{{name}}}","body":"task","meta":{}}""";

    public static UpsertScope Scope(ulong seq, string id, string name) => new(seq, id, Utf8(ScopeJson(id, name)));

    public static string EdgeJson(string src, string dst, string kind) =>
        $$"""{"src":"{{src}}","dst":"{{dst}}","kind":"{{kind}}","meta":null}""";

    public static UpsertEdge Edge(ulong seq, string src, string dst, string kind = "needs") =>
        new(seq, src, dst, $"\"{kind}\"", Utf8(EdgeJson(src, dst, kind)));

    public static string EventJson(string id, ulong at, string target) =>
        $$"""{"id":"{{id}}","at":{{at}},"source":"src/x.rs:3","target":{"entity":"{{target}}"},"kind":"state_changed","meta":null}""";

    public static AppendEvent Event(ulong seq, string id, ulong at, string target) => new(seq, id, at, Utf8(EventJson(id, at, target)));

    public static DeltaBatch Batch(string stream, ulong from, ulong next, IReadOnlyList<Change> changes,
        bool truncated = false, ulong? compactedBefore = null) =>
        new(stream, from, next, changes, truncated, compactedBefore,
            Utf8($$"""{"stream_id":"{{stream}}","from_seq_no":{{from}},"next_seq_no":{{next}},"changes":[],"truncated":{{(truncated ? "true" : "false")}}}"""));

    /// <summary>A batch whose sequence numbers follow on from <paramref name="from"/>, one per change.</summary>
    public static DeltaBatchReceived Received(long connId, string stream, ulong from, params Change[] changes) =>
        new(connId, Batch(stream, from, from + (ulong)changes.Length, changes), ReceivedAtNs: 1_000 + (long)from);
}

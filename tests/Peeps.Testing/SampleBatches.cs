namespace Peeps.Testing;

/// <summary>Hand-written delta batches in the exact JSON a Rust runtime sends, covering every change variant.</summary>
public static class SampleBatches
{
    public static string Entity(string id, string name, string body = "\"future\"", ulong birth = 1000) =>
        $$$"""{"id":"{{{id}}}","birth":{{{birth}}},"source":"src/lib.rs:10","name":"{{{name}}}","body":{{{body}}},"meta":{}}""";

    public static string Batch(string streamId, ulong from, ulong next, IEnumerable<string> changes, bool truncated = false) =>
        $$$"""{"delta_batch":{"stream_id":"{{{streamId}}}","from_seq_no":{{{from}}},"next_seq_no":{{{next}}},"changes":[{{{string.Join(",", changes)}}}],"truncated":{{{(truncated ? "true" : "false")}}}}}""";

    public static string Change(ulong seqNo, string variant, string content) =>
        $$$"""{"seq_no":{{{seqNo}}},"change":{"{{{variant}}}":{{{content}}}}}""";

    /// <summary>N upserts of distinct future entities starting at <paramref name="from"/>.</summary>
    public static string Upserts(string streamId, ulong from, int count, string namePrefix = "task") =>
        Batch(streamId, from, from + (ulong)count,
            Enumerable.Range(0, count).Select(i => Change(from + (ulong)i, "upsert_entity", Entity($"e{from + (ulong)i}", $"{namePrefix}.{from + (ulong)i}"))));
}

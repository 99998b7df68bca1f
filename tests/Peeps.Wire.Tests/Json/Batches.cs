namespace Peeps.Wire.Tests.Json;

/// <summary>Builds delta batch payloads in the reference's field order around hand-written changes.</summary>
internal static class Batches
{
    public static string Of(params string[] changes)
    {
        var elements = changes.Select((change, i) => "{\"seq_no\":" + i + ",\"change\":" + change + "}");
        return "{\"delta_batch\":{\"stream_id\":\"proc:1\",\"from_seq_no\":0,\"next_seq_no\":" + changes.Length +
               ",\"changes\":[" + string.Join(",", elements) + "],\"truncated\":false}}";
    }
}

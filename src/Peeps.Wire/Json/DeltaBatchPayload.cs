using System.Text.Json;
using Peeps.Wire.Messages;

namespace Peeps.Wire.Json;

/// <summary>
/// Decodes a stored <c>delta_batches.payload_json</c> (the batch object without its envelope) with the same decoder
/// ingest uses, so a replay of history applies exactly the changes the materializer applied.
/// </summary>
public static class DeltaBatchPayload
{
    /// <summary>The returned slices alias <paramref name="payload"/>: keep it alive and unchanged while they are used.</summary>
    /// <exception cref="WireFormatException">the bytes are not a delta batch.</exception>
    public static DeltaBatch Decode(ReadOnlyMemory<byte> payload)
    {
        try
        {
            var reader = new WireReader(payload);
            var batch = DeltaBatchDecoder.Read(ref reader);
            reader.EndOfDocument();
            return batch;
        }
        catch (JsonException e)
        {
            throw new WireFormatException($"stored batch is not valid JSON: {e.Message}", e);
        }
    }
}

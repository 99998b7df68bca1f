using Akka;
using Akka.IO;
using Akka.Streams.Dsl;

namespace Peeps.Ingest.Stages;

/// <summary>
/// The server's framing flows, in the manner of Akka's <c>Framing.LengthField</c>: raw TCP chunks in, one array per
/// payload out. The stage behind it (<see cref="FrameAssembler"/>) copies each payload once and reserves nothing for
/// a frame until its bytes have arrived.
/// </summary>
public static class PeepsFraming
{
    /// <summary>
    /// Payloads of 4-byte big-endian length-prefixed frames. Fails with <see cref="Framing.FramingException"/> on a
    /// header announcing more than <paramref name="maxPayloadBytes"/> and on a stream that ends inside a frame.
    /// </summary>
    public static Flow<ByteString, byte[], NotUsed> LengthPrefixed(int maxPayloadBytes) =>
        Flow.FromGraph(new FrameAssembler(maxPayloadBytes));
}

using System.Collections.Concurrent;
using Akka.IO;
using Peeps.Wire.Framing;

namespace Peeps.Ingest.Tcp;

/// <summary>
/// One connection's share of the <see cref="IngestByteBudget"/>. Before bytes read off the socket go on to framing,
/// each frame header reserves that frame's length (header included); the rest of the read waits, and the socket
/// with it, until the budget grants it. A control message gives its share back once decoded; a delta batch carries
/// it to the writer, which gives it back on commit (<see cref="Peeps.Storage.Writing.DeltaBatchReceived.BudgetBytes"/>).
/// What the connection reserved and never handed on (a frame cut off, undecodable, or discarded when the connection
/// failed) is given back when its stream ends.
/// </summary>
internal sealed class FrameBudgetGate(IngestByteBudget budget, int maxFrameBytes)
{
    private readonly ConcurrentQueue<long> _batchCharges = new();
    private FrameHeader _header;
    private long _frameRemaining;
    private bool _unframed;
    private long _reserved;
    private long _handedOn;

    /// <summary>
    /// Cuts a chunk where each frame starts, so a frame's bytes never wait behind the next frame's reservation: a
    /// connection holding a granted frame can always finish it. A piece that completes a frame header carries
    /// that frame's charge.
    /// </summary>
    public IEnumerable<(ByteString Piece, long Charge)> Split(ByteString chunk)
    {
        var start = 0;
        var offset = 0;
        long charge = 0;
        while (offset < chunk.Count && !_unframed)
        {
            if (_frameRemaining > 0)
            {
                var take = (int)Math.Min(_frameRemaining, chunk.Count - offset);
                _frameRemaining -= take;
                offset += take;
                continue;
            }
            if (!_header.IsPartial && offset > start)
            {
                yield return (chunk.Slice(start, offset - start), charge);
                (start, charge) = (offset, 0);
            }
            if (!_header.Add(chunk[offset++], out var announced)) continue;
            var length = (long)announced;
            // Framing fails the connection on an oversized header; nothing after it is framed or reserved.
            _unframed = length > maxFrameBytes;
            if (_unframed) break;
            _frameRemaining = length;
            charge = length + FrameCodec.HeaderBytes;
        }
        yield return (chunk.Slice(start, chunk.Count - start), charge);
    }

    /// <summary>Lets a piece on once its frame's reservation, if it starts one, is granted.</summary>
    public async Task<ByteString> AdmitAsync((ByteString Piece, long Charge) piece)
    {
        if (piece.Charge > 0)
        {
            await budget.AcquireAsync(piece.Charge);
            Interlocked.Add(ref _reserved, piece.Charge);
        }
        return piece.Piece;
    }

    /// <summary>A frame was decoded: a control message gives its share back now, a batch keeps it until committed.</summary>
    public void Decoded(int frameLength, bool isBatch)
    {
        var charge = frameLength + (long)FrameCodec.HeaderBytes;
        if (isBatch)
        {
            _batchCharges.Enqueue(charge);
            return;
        }
        Interlocked.Add(ref _handedOn, charge);
        budget.Release(charge);
    }

    /// <summary>The share of the batch being routed to the writer, in decode order.</summary>
    public long HandOnBatch()
    {
        var charge = _batchCharges.TryDequeue(out var next) ? next : 0;
        Interlocked.Add(ref _handedOn, charge);
        return charge;
    }

    /// <summary>The stream has ended: what was reserved and never handed on goes back.</summary>
    public void Ended() => budget.Release(Interlocked.Read(ref _reserved) - Interlocked.Read(ref _handedOn));
}

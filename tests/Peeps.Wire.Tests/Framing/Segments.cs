using System.Buffers;

namespace Peeps.Wire.Tests.Framing;

/// <summary>Builds a multi-segment <see cref="ReadOnlySequence{T}"/>, the shape a pipe hands over after several TCP reads.</summary>
internal sealed class Segments : ReadOnlySequenceSegment<byte>
{
    private Segments(ReadOnlyMemory<byte> memory, long runningIndex)
    {
        Memory = memory;
        RunningIndex = runningIndex;
    }

    /// <summary>Splits <paramref name="bytes"/> before each of the ascending <paramref name="cuts"/>.</summary>
    public static ReadOnlySequence<byte> Split(byte[] bytes, IEnumerable<int> cuts)
    {
        var bounds = cuts.Where(cut => cut > 0 && cut < bytes.Length).Distinct().Order().Append(bytes.Length);
        var first = new Segments(bytes.AsMemory(0, 0), 0);
        var last = first;
        var start = 0;
        foreach (var end in bounds)
        {
            var next = new Segments(bytes.AsMemory(start, end - start), start);
            last.Next = next;
            last = next;
            start = end;
        }
        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }
}

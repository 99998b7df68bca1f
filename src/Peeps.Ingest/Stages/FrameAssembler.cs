using Akka.IO;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.Stage;
using Peeps.Wire.Framing;

namespace Peeps.Ingest.Stages;

/// <summary>
/// Cuts the peeps framing (4-byte big-endian length, then the payload) out of the raw TCP chunks, copying each
/// payload once into an array of its own. The decoded message keeps slices of that array until the writer has
/// committed it, so the array is never reused; Akka's length-field framing copied every frame twice on the way
/// (compacting its rope of chunks, then into the array the decoder needed).
/// Until a frame is whole it holds slices of the chunks received, not an array of the announced length: a header
/// alone must not reserve up to the frame limit.
/// Fails with <see cref="Framing.FramingException"/> for a length over the limit and for a stream that ends
/// inside a frame, as Akka's stage did.
/// </summary>
internal sealed class FrameAssembler(int maxPayloadBytes) : FlowStage<ByteString, byte[]>("frame-assembler")
{
    private readonly int _maxPayloadBytes = maxPayloadBytes;

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : InAndOutGraphStageLogic
    {
        private readonly FrameAssembler _stage;
        private readonly List<ByteString> _parts = [];
        private ByteString _chunk = ByteString.Empty;
        private int _offset;
        private FrameHeader _header;
        private uint _length;
        private bool _inPayload;
        private int _received;

        public Logic(FrameAssembler stage) : base(stage.Shape)
        {
            _stage = stage;
            SetHandler(stage.In, this);
            SetHandler(stage.Out, this);
        }

        private bool MidFrame => _header.IsPartial || _inPayload;

        public override void OnPush()
        {
            var chunk = Grab(_stage.In);
            // A compact chunk's span aliases its array; TCP delivers compact chunks, so this rarely copies.
            _chunk = chunk.IsCompact ? chunk : chunk.Compact();
            _offset = 0;
            EmitOrPull();
        }

        public override void OnPull() => EmitOrPull();

        public override void OnUpstreamFinish()
        {
            if (IsAvailable(_stage.Out)) EmitOrPull();
            // Otherwise the next pull emits what is left of the chunk, then ends the stage.
        }

        private void EmitOrPull()
        {
            byte[]? frame;
            try
            {
                frame = NextFrame();
            }
            catch (Framing.FramingException e)
            {
                FailStage(e);
                return;
            }
            if (frame is not null)
            {
                Push(_stage.Out, frame);
                if (_offset == _chunk.Count && IsClosed(_stage.In) && !MidFrame) CompleteStage();
            }
            else if (!IsClosed(_stage.In))
                Pull(_stage.In);
            else if (MidFrame)
                FailStage(new Framing.FramingException("Stream finished but there was a truncated final frame in the buffer"));
            else
                CompleteStage();
        }

        /// <summary>Consumes the current chunk up to the end of the next whole frame; null when the chunk ends first.</summary>
        private byte[]? NextFrame()
        {
            var bytes = _chunk.ToReadOnlySpan();
            while (!_inPayload)
            {
                if (_offset == bytes.Length) return null;
                if (!_header.Add(bytes[_offset++], out _length)) continue;
                if (_length > (uint)_stage._maxPayloadBytes)
                    throw new Framing.FramingException(
                        $"frame header announces {_length} bytes, over the {_stage._maxPayloadBytes}-byte limit");
                _inPayload = true;
                _received = 0;
            }
            var taken = Math.Min((int)_length - _received, bytes.Length - _offset);
            if (taken > 0)
            {
                _parts.Add(_chunk.Slice(_offset, taken));
                _offset += taken;
                _received += taken;
            }
            return _received == (int)_length ? Join() : null;
        }

        private byte[] Join()
        {
            var frame = _length == 0 ? [] : new byte[_length];
            var at = 0;
            foreach (var part in _parts)
            {
                part.ToReadOnlySpan().CopyTo(frame.AsSpan(at));
                at += part.Count;
            }
            _parts.Clear();
            _inPayload = false;
            _length = 0;
            return frame;
        }
    }
}

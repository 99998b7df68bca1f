using System.Diagnostics;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Stage;

namespace Peeps.Ingest.Tcp;

/// <summary>
/// Bounds how long a started frame may take to arrive. The idle timeout resets on every byte, so a client
/// that trickles one byte a second would hold its connection (and the frame it is assembling) for as long as
/// it likes; this stage follows the peeps framing (4-byte big-endian length, then the payload) over the raw
/// bytes and fails the connection once the time spent waiting on the client for the rest of one frame
/// exceeds the limit. Only time with an outstanding pull counts: while the server itself backpressures
/// (a slow writer), the client is not the one keeping anybody waiting.
/// </summary>
internal sealed class FrameReadTimeout(TimeSpan limit) : GraphStage<FlowShape<ByteString, ByteString>>
{
    private readonly TimeSpan _limit = limit;
    private readonly Inlet<ByteString> _in = new("FrameReadTimeout.in");
    private readonly Outlet<ByteString> _out = new("FrameReadTimeout.out");

    public override FlowShape<ByteString, ByteString> Shape => new(_in, _out);

    protected override Attributes InitialAttributes => Attributes.CreateName("frame-read-timeout");

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : TimerGraphStageLogic
    {
        private const string Deadline = "frame-read-deadline";
        private const int HeaderBytes = 4;

        private readonly FrameReadTimeout _stage;
        private int _headerFilled;
        private uint _length;
        private long _payloadRemaining;
        private TimeSpan _waited;
        private long _waitingSince;

        public Logic(FrameReadTimeout stage) : base(stage.Shape)
        {
            _stage = stage;
            SetHandler(stage._in, onPush: () =>
            {
                StopWaiting();
                var chunk = Grab(stage._in);
                Track(chunk);
                Push(stage._out, chunk);
            });
            SetHandler(stage._out, onPull: () =>
            {
                Pull(stage._in);
                if (MidFrame) StartWaiting();
            });
        }

        private bool MidFrame => _headerFilled > 0 || _payloadRemaining > 0;

        protected override void OnTimer(object timerKey) =>
            FailStage(new FrameReadTimeoutException(
                $"a frame was begun but its remaining bytes did not arrive within {_stage._limit}"));

        private void StartWaiting()
        {
            _waitingSince = Stopwatch.GetTimestamp();
            ScheduleOnce(Deadline, _stage._limit > _waited ? _stage._limit - _waited : TimeSpan.Zero);
        }

        private void StopWaiting()
        {
            if (_waitingSince == 0) return;
            _waited += Stopwatch.GetElapsedTime(_waitingSince);
            _waitingSince = 0;
            CancelTimer(Deadline);
        }

        private void Track(ByteString chunk)
        {
            var offset = 0;
            while (offset < chunk.Count)
            {
                if (_payloadRemaining > 0)
                {
                    var taken = (int)Math.Min(_payloadRemaining, chunk.Count - offset);
                    _payloadRemaining -= taken;
                    offset += taken;
                    if (_payloadRemaining == 0) _waited = TimeSpan.Zero;
                    continue;
                }
                _length = (_length << 8) | chunk[offset++];
                if (++_headerFilled < HeaderBytes) continue;
                _headerFilled = 0;
                _payloadRemaining = _length;
                _length = 0;
                if (_payloadRemaining == 0) _waited = TimeSpan.Zero;
            }
        }
    }
}

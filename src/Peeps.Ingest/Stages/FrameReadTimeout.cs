using System.Diagnostics;
using Akka.IO;
using Akka.Streams;
using Akka.Streams.Stage;
using Peeps.Wire.Framing;

namespace Peeps.Ingest.Stages;

/// <summary>
/// Bounds how long a started frame may take to arrive. The idle timeout resets on every byte, so a client
/// that trickles one byte a second would hold its connection (and the frame it is assembling) for as long as
/// it likes; this stage follows the peeps framing (4-byte big-endian length, then the payload) over the raw
/// bytes and fails the connection once the time spent waiting on the client for the rest of one frame
/// exceeds the limit. Only time with an outstanding pull counts: while the server itself backpressures
/// (a slow writer), the client is not the one keeping anybody waiting.
/// </summary>
internal sealed class FrameReadTimeout(TimeSpan limit) : FlowStage<ByteString, ByteString>("frame-read-timeout")
{
    private readonly TimeSpan _limit = limit;

    protected override GraphStageLogic CreateLogic(Attributes inheritedAttributes) => new Logic(this);

    private sealed class Logic : TimerGraphStageLogic
    {
        private const string Deadline = "frame-read-deadline";

        private readonly FrameReadTimeout _stage;
        private FrameHeader _header;
        private long _payloadRemaining;
        private TimeSpan _waited;
        private long _waitingSince;

        public Logic(FrameReadTimeout stage) : base(stage.Shape)
        {
            _stage = stage;
            SetHandler(stage.In, onPush: () =>
            {
                StopWaiting();
                var chunk = Grab(stage.In);
                Track(chunk);
                Push(stage.Out, chunk);
            });
            SetHandler(stage.Out, onPull: () =>
            {
                Pull(stage.In);
                if (MidFrame) StartWaiting();
            });
        }

        private bool MidFrame => _header.IsPartial || _payloadRemaining > 0;

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
                if (!_header.Add(chunk[offset++], out var length)) continue;
                _payloadRemaining = length;
                if (_payloadRemaining == 0) _waited = TimeSpan.Zero;
            }
        }
    }
}

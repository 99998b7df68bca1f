namespace Peeps.WebConsole.Tests;

/// <summary>
/// A hand-driven runtime whose bounded channel is exactly at capacity with a sender parked on it. The
/// simulator's channels fill up only now and then; this one makes "a full channel is highlighted" certain.
/// </summary>
public static class SaturatedRuntime
{
    public const string ProcessName = "saturated-rt";
    public const uint Pid = 77_001;
    public const string ChannelName = "saturated.jobs";
    public const string SenderName = "mpsc.send";

    /// <summary>The sender's id: simulated runtimes beside it have <c>mpsc.send</c> futures too, so tests find it by id.</summary>
    public const string SenderId = "send1";
    public const int Capacity = 4;

    private static readonly string ChannelDetails =
        "{\"lifecycle\":\"open\",\"details\":{\"mpsc\":{\"buffer\":{\"occupancy\":" + Capacity + ",\"capacity\":" + Capacity + "}}}}";

    public static readonly RuntimeScript Script = new(
        ProcessName,
        Pid,
        [
            SampleBatches.Entity("tx1", ChannelName, $$"""{"channel_tx":{{ChannelDetails}}}""", birth: 200),
            SampleBatches.Entity("rx1", ChannelName, $$"""{"channel_rx":{{ChannelDetails}}}""", birth: 200),
            SampleBatches.Entity(SenderId, SenderName, birth: 900),
        ],
        [
            """{"src":"tx1","dst":"rx1","kind":"channel_link","meta":null}""",
            """{"src":"send1","dst":"tx1","kind":"needs","meta":null}""",
        ]);
}

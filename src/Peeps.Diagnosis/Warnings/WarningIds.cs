namespace Peeps.Diagnosis.Warnings;

/// <summary>The warning ids, in the order answers list them; docs/diagnosis.md explains each.</summary>
public static class WarningIds
{
    public const string LongWait = "long_wait";
    public const string ChannelFull = "channel_full";
    public const string RequestUnanswered = "request_unanswered";
    public const string ProcessDidNotAnswer = "process_did_not_answer";
    public const string ClosedChannelWait = "closed_channel_wait";
    public const string HolderWaiting = "holder_waiting";

    public static readonly IReadOnlyList<string> All =
        [LongWait, ChannelFull, RequestUnanswered, ProcessDidNotAnswer, ClosedChannelWait, HolderWaiting];
}

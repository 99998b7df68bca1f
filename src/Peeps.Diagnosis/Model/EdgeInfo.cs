namespace Peeps.Diagnosis.Model;

/// <summary>An edge as the process sent it; <paramref name="Kind"/> is the snake_case edge kind.</summary>
public sealed record EdgeInfo(string Src, string Dst, string Kind)
{
    public const string Needs = "needs";
    public const string Polls = "polls";
    public const string ClosedBy = "closed_by";
    public const string ChannelLink = "channel_link";
    public const string RpcLink = "rpc_link";
}

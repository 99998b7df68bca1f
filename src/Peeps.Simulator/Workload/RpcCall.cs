namespace Peeps.Simulator.Workload;

/// <summary>
/// One RPC in flight between two processes: the caller's request (and the future awaiting it, unless the
/// caller is itself a handler further up a chain), and the callee's response and the handler working on it.
/// </summary>
internal sealed class RpcCall
{
    public required ProcessContext Caller { get; init; }
    public required ProcessContext Callee { get; init; }
    public required string Method { get; init; }
    public required bool NeverCompletes { get; init; }
    public required string CallerRequestId { get; init; }
    public string? CallerFutureId { get; init; }
    public required string CalleeResponseId { get; init; }
    public required string HandlerId { get; init; }
    public RpcCall? Parent { get; init; }
    public RpcCall? Child { get; set; }
}

namespace Peeps.Storage.Processes;

/// <summary>One <c>connections</c> row: pid 0 means its handshake never arrived.</summary>
public sealed record ConnectionRecord(long ConnId, string ProcessName, long Pid, long ConnectedAtNs, long? DisconnectedAtNs);

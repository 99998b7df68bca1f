namespace Peeps.Storage.Processes;

/// <summary>
/// One process as recognised across its connections (<see cref="ProcessGrouping"/>): its connections oldest first,
/// the newest being its current one.
/// </summary>
public sealed record ProcessRecord(string ProcessName, long Pid, IReadOnlyList<ConnectionRecord> Connections)
{
    public ConnectionRecord Current => Connections[^1];

    public bool Connected => Current.DisconnectedAtNs is null;
}

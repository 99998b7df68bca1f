namespace Peeps.Storage.Processes;

/// <summary>
/// The rule that makes one process of several connections: same process name and same non-zero pid, each
/// connection opening no earlier than the previous one closed and at most <see cref="ProcessSettings.ReconnectWindow"/>
/// after it. Two connections open at once are never one process (two containers can both be pid 1), and a
/// connection whose handshake never arrived (pid 0) is a process of its own.
/// </summary>
public static class ProcessGrouping
{
    /// <returns>Processes ordered by name, pid, then first connection.</returns>
    public static IReadOnlyList<ProcessRecord> Group(IEnumerable<ConnectionRecord> connections, TimeSpan reconnectWindow)
    {
        var window = reconnectWindow.Ticks * 100;
        var processes = new List<ProcessRecord>();
        foreach (var same in connections.GroupBy(c => (c.ProcessName, c.Pid)))
        {
            List<ConnectionRecord>? open = null;
            foreach (var connection in same.OrderBy(c => c.ConnectedAtNs).ThenBy(c => c.ConnId))
            {
                if (open is not null && same.Key.Pid != 0 && Continues(open[^1], connection, window))
                {
                    open.Add(connection);
                    continue;
                }
                if (open is not null) processes.Add(new ProcessRecord(same.Key.ProcessName, same.Key.Pid, open));
                open = [connection];
            }
            if (open is not null) processes.Add(new ProcessRecord(same.Key.ProcessName, same.Key.Pid, open));
        }
        return [.. processes
            .OrderBy(p => p.ProcessName, StringComparer.Ordinal)
            .ThenBy(p => p.Pid)
            .ThenBy(p => p.Connections[0].ConnectedAtNs)];
    }

    private static bool Continues(ConnectionRecord previous, ConnectionRecord next, long windowNs) =>
        previous.DisconnectedAtNs is { } closed && next.ConnectedAtNs >= closed && next.ConnectedAtNs - closed <= windowNs;
}

using Peeps.Storage.Processes;
using Peeps.Storage.Reading;

namespace Peeps.Web.Processes;

/// <summary>Reads the <c>connections</c> table and recognises processes across reconnections (<see cref="ProcessGrouping"/>).</summary>
public sealed class ProcessDirectory(ISqlQueryExecutor sql, ProcessSettings settings)
{
    /// <param name="Truncated">More connection rows exist than <see cref="ProcessSettings.MaxConnectionRows"/>; the oldest were left out.</param>
    /// <param name="EntityCounts">Entities held by each process's current connection, by its conn id.</param>
    public sealed record Listing(IReadOnlyList<ProcessRecord> Processes, IReadOnlyDictionary<long, long> EntityCounts, bool Truncated);

    public async Task<Listing> ListAsync(CancellationToken cancellation)
    {
        var rows = await sql.ExecuteOwnAsync($"""
            SELECT conn_id, process_name, pid, connected_at_ns, disconnected_at_ns FROM connections
            ORDER BY conn_id DESC LIMIT {settings.MaxConnectionRows + 1}
            """, cancellation);
        var truncated = rows.RowCount > settings.MaxConnectionRows;
        var connections = rows.Rows.Take(settings.MaxConnectionRows)
            .Select(r => new ConnectionRecord((long)r[0]!, (string)r[1]!, (long)r[2]!, (long)r[3]!, r[4] as long?));
        var processes = ProcessGrouping.Group(connections, settings.ReconnectWindow);
        return new Listing(processes, await EntityCountsAsync(processes, cancellation), truncated);
    }

    private async Task<IReadOnlyDictionary<long, long>> EntityCountsAsync(IReadOnlyList<ProcessRecord> processes, CancellationToken cancellation)
    {
        var current = processes.Where(p => p.Connected).Select(p => p.Current.ConnId).ToList();
        if (current.Count == 0) return new Dictionary<long, long>();
        var counts = await sql.ExecuteOwnAsync(
            $"SELECT conn_id, count(*) FROM entities WHERE conn_id IN ({string.Join(",", current)}) GROUP BY conn_id", cancellation);
        return counts.Rows.ToDictionary(r => (long)r[0]!, r => (long)r[1]!);
    }
}

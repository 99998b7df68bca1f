using Peeps.Storage.Processes;
using Peeps.Storage.Reading;

namespace Peeps.Web.Processes;

/// <summary>Reads the <c>connections</c> table and recognises processes across reconnections (<see cref="ProcessGrouping"/>).</summary>
public sealed class ProcessDirectory(ISqlQueryExecutor sql, ProcessSettings settings)
{
    /// <param name="Truncated">More connection rows exist than <see cref="ProcessSettings.MaxConnectionRows"/>; the oldest were left out.</param>
    /// <param name="EntityCounts">Entities held by each process's current connection, by its conn id.</param>
    public sealed record Listing(IReadOnlyList<ProcessRecord> Processes, IReadOnlyDictionary<long, long> EntityCounts, bool Truncated);

    /// <summary>One shard's rows before grouping: its newest connection rows and the entities of its open connections.</summary>
    public sealed record ShardRows(IReadOnlyList<ConnectionRecord> Connections, IReadOnlyDictionary<long, long> OpenEntityCounts, bool Truncated);

    public ProcessSettings Settings => settings;

    public async Task<Listing> ListAsync(CancellationToken cancellation) => Group([await ReadShardAsync(cancellation)]);

    /// <summary>
    /// Processes across shards: the grouping rule runs over the union of their rows, so a process that reconnected to
    /// another shard's node is still one process.
    /// </summary>
    public Listing Group(IEnumerable<ShardRows> shards)
    {
        var all = shards.ToList();
        var processes = ProcessGrouping.Group(all.SelectMany(s => s.Connections), settings.ReconnectWindow);
        var counts = new Dictionary<long, long>();
        foreach (var shard in all)
            foreach (var (connId, entities) in shard.OpenEntityCounts) counts[connId] = entities;
        var current = processes.Where(p => p.Connected).Select(p => p.Current.ConnId).ToHashSet();
        return new Listing(processes, counts.Where(c => current.Contains(c.Key)).ToDictionary(), all.Any(s => s.Truncated));
    }

    public async Task<ShardRows> ReadShardAsync(CancellationToken cancellation)
    {
        var rows = await sql.ExecuteOwnAsync($"""
            SELECT conn_id, process_name, pid, connected_at_ns, disconnected_at_ns FROM connections
            ORDER BY conn_id DESC LIMIT {settings.MaxConnectionRows + 1}
            """, cancellation);
        var connections = rows.Rows.Take(settings.MaxConnectionRows)
            .Select(r => new ConnectionRecord((long)r[0]!, (string)r[1]!, (long)r[2]!, (long)r[3]!, r[4] as long?))
            .ToList();
        var open = connections.Where(c => c.DisconnectedAtNs is null).Select(c => c.ConnId).ToList();
        return new ShardRows(connections, await EntityCountsAsync(open, cancellation), rows.RowCount > settings.MaxConnectionRows);
    }

    private async Task<IReadOnlyDictionary<long, long>> EntityCountsAsync(IReadOnlyList<long> connIds, CancellationToken cancellation)
    {
        if (connIds.Count == 0) return new Dictionary<long, long>();
        var counts = await sql.ExecuteOwnAsync(
            $"SELECT conn_id, count(*) FROM entities WHERE conn_id IN ({string.Join(",", connIds)}) GROUP BY conn_id", cancellation);
        return counts.Rows.ToDictionary(r => (long)r[0]!, r => (long)r[1]!);
    }
}

namespace Peeps.Storage.Retention;

/// <summary>
/// Which tables retention trims and in what order: <see cref="History"/> by age and size, <see cref="ConnectionTables"/>
/// when a connection closed long ago is removed (its <c>connections</c> row goes last, once these hold none of its rows).
/// </summary>
public sealed record RetentionPlan(IReadOnlyList<HistoryTable> History, IReadOnlyList<string> ConnectionTables)
{
    public static readonly RetentionPlan Default = new(
        [
            new HistoryTable("delta_batches", "received_at_ns", "id") { EventsFollow = true },
            // Checkpoints age out with the batches they summarise. A rebuild at an instant whose checkpoint or batches
            // are gone answers that the stream's history is not held there (GraphAtReader checks), never a wrong graph;
            // keeping a checkpoint's tail instead would stop retention trimming any stream slower than the checkpoint cadence.
            new HistoryTable("stream_checkpoints", "at_ns"),
            new HistoryTable("snapshots", "completed_at_ns", "snapshot_id"),
        ],
        // Every table keyed by conn_id that holds rows of one connection; cut_acks belong to their cut and go with it.
        ["edges", "entity_scope_links", "scopes", "entities", "events", "stream_checkpoints", "delta_batches", "stream_cursors"]);

    /// <summary>This plan with <paramref name="table"/> added, or replacing the history table of the same name.</summary>
    public RetentionPlan WithHistory(HistoryTable table) => this with
    {
        History = [.. History.Where(t => t.Name != table.Name), table],
    };

    /// <summary>This plan with one more table cleared of a closed connection's rows (it must have a <c>conn_id</c> column).</summary>
    public RetentionPlan WithConnectionTable(string table) => this with
    {
        ConnectionTables = [table, .. ConnectionTables.Where(t => t != table)],
    };
}

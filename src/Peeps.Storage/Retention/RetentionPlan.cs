namespace Peeps.Storage.Retention;

/// <summary>
/// Which tables retention trims and in what order: <see cref="History"/> by age and size, <see cref="ConnectionTables"/>
/// when a connection closed long ago is removed (its <c>connections</c> row goes last, once these hold none of its rows).
/// </summary>
public sealed record RetentionPlan(IReadOnlyList<HistoryTable> History, IReadOnlyList<string> ConnectionTables)
{
    // A rebuild of the graph at an instant after the cutoff starts from the stream's newest checkpoint at or before it
    // (HistoryRetention.OldestNeeded): that checkpoint and the batches after it stay, whatever their age.
    private const string NewestCheckpointAtCutoff = """
        (SELECT max(c.batch_id) FROM stream_checkpoints c
         WHERE c.conn_id = {0}.conn_id AND c.stream_id = {0}.stream_id AND c.at_ns <= ?1)
        """;

    public static readonly RetentionPlan Default = new(
        [
            new HistoryTable("delta_batches", "received_at_ns", "id")
            {
                EventsFollow = true,
                Keep = "id > " + string.Format(NewestCheckpointAtCutoff, "delta_batches"),
            },
            new HistoryTable("stream_checkpoints", "at_ns")
            {
                Keep = "batch_id = " + string.Format(NewestCheckpointAtCutoff, "stream_checkpoints"),
            },
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

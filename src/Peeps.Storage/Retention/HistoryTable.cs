namespace Peeps.Storage.Retention;

/// <summary>
/// A table of history that retention trims oldest first by <see cref="TimeColumn"/> (integer ns since the Unix epoch).
/// </summary>
/// <param name="Name">The table.</param>
/// <param name="TimeColumn">When the row was written; an index on it keeps a chunk's search short.</param>
/// <param name="Key">A column that names one row, for the chunk's delete.</param>
/// <remarks>
/// <see cref="Keep"/> is the extension point for tables whose old rows others depend on: a SQL condition over the
/// table's row, true for rows that must stay even though they are older than the cutoff. In it <c>?1</c> is the
/// cutoff instant (ns). A table of per-stream checkpoints would keep, per stream, its newest checkpoint at or before
/// <c>?1</c>, and <c>delta_batches</c> would keep the batches after that checkpoint.
/// </remarks>
public sealed record HistoryTable(string Name, string TimeColumn, string Key = "rowid")
{
    /// <summary>Rows for which this is true are never deleted by age or size; null keeps nothing back.</summary>
    public string? Keep { get; init; }

    /// <summary>
    /// Rows carry <c>conn_id</c>, <c>stream_id</c> and <c>next_seq_no</c>, and the events of a stream below a deleted
    /// row's <c>next_seq_no</c> go with it (<c>events</c> holds a process-relative time only, so it follows its batches).
    /// </summary>
    public bool EventsFollow { get; init; }
}

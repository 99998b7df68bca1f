namespace Peeps.Storage.Retention;

/// <summary>What one <see cref="RetentionChunk"/> deleted and what the file held after it.</summary>
/// <param name="Removed">Rows deleted per table (history tables, <c>events</c>, and a closed connection's tables).</param>
/// <param name="More">A limit was reached: another chunk now would delete more.</param>
/// <param name="SizeUnreachable">Still over the size limit and no history could go: state, or rows a table keeps, fill it.</param>
/// <param name="UsedBytes">Pages in use in the database file after the chunk.</param>
/// <param name="OldestHeldNs">The oldest instant of history still held (its oldest batch or snapshot); null when there is none.</param>
public sealed record RetentionOutcome(
    IReadOnlyDictionary<string, long> Removed,
    bool More,
    bool SizeUnreachable,
    long UsedBytes,
    long? OldestHeldNs)
{
    public long RemovedRows => Removed.Values.Sum();
}

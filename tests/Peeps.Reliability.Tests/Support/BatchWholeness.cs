namespace Peeps.Reliability.Tests.Support;

/// <summary>
/// Checks that every stored delta batch is whole: its recorded change count matches its payload, every event
/// it carried has its row, no event row exists without the batch that carried it, and each stream's cursor is
/// the highest <c>next_seq_no</c> of its batches. A half-applied batch fails at least one of these.
/// </summary>
public static class BatchWholeness
{
    public sealed record Report(long Batches, long Events, long CountMismatches, long MissingEvents, long OrphanEvents, long CursorMismatches)
    {
        public bool Whole => CountMismatches == 0 && MissingEvents == 0 && OrphanEvents == 0 && CursorMismatches == 0;
    }

    public static Report Check(StoreFile store) => new(
        store.Scalar("SELECT count(*) FROM delta_batches"),
        store.Scalar("SELECT count(*) FROM events"),
        store.Scalar("SELECT count(*) FROM delta_batches WHERE change_count != json_array_length(payload_json, '$.changes')"),
        store.Scalar("""
            SELECT count(*) FROM delta_batches b, json_each(b.payload_json, '$.changes') c
            WHERE json_extract(c.value, '$.change.append_event') IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM events e
                              WHERE e.conn_id = b.conn_id AND e.stream_id = b.stream_id AND e.seq_no = json_extract(c.value, '$.seq_no'))
            """),
        store.Scalar("""
            SELECT count(*) FROM events e
            WHERE NOT EXISTS (SELECT 1 FROM delta_batches b
                              WHERE b.conn_id = e.conn_id AND b.stream_id = e.stream_id
                                AND e.seq_no >= b.from_seq_no AND e.seq_no < b.next_seq_no)
            """),
        store.Scalar("""
            SELECT count(*) FROM stream_cursors s
            WHERE s.next_seq_no != (SELECT max(b.next_seq_no) FROM delta_batches b
                                    WHERE b.conn_id = s.conn_id AND b.stream_id = s.stream_id)
            """));
}

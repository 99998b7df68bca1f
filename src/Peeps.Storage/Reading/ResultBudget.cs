namespace Peeps.Storage.Reading;

/// <summary>
/// What is left of a result's row and byte bounds while its rows are read. Each value is charged before it is
/// copied out of SQLite, so an oversized value is never materialized.
/// </summary>
internal sealed class ResultBudget(int maxRows, long maxBytes)
{
    /// <summary>Roughly what a number, null, separator or quotes cost in the JSON answer and in memory.</summary>
    public const int ValueOverhead = 16;

    private int _rows;
    private long _bytes;

    /// <exception cref="SqlResultTooLargeException">The row about to be read is one too many.</exception>
    public void TakeRow()
    {
        if (_rows == maxRows)
            throw SqlResultTooLargeException.Rows(maxRows);
        _rows++;
    }

    /// <exception cref="SqlResultTooLargeException">The value would take the result past the byte bound.</exception>
    public void TakeValue(long contentBytes)
    {
        _bytes += contentBytes + ValueOverhead;
        if (_bytes > maxBytes)
            throw SqlResultTooLargeException.Bytes(maxBytes);
    }
}

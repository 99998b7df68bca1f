namespace Peeps.Storage.Reading;

/// <summary>
/// Rows as arrays of column values: <see cref="long"/>, finite <see cref="double"/>, <see cref="string"/> or null.
/// A BLOB value comes back as its base64 string, the one JSON-safe encoding of arbitrary bytes; a non-finite REAL
/// (infinity, NaN) as null, because JSON has no number for it.
/// </summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, int RowCount);

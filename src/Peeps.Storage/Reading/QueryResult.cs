namespace Peeps.Storage.Reading;

/// <summary>
/// Rows as arrays of column values: <see cref="long"/>, <see cref="double"/>, <see cref="string"/> or null.
/// A BLOB value comes back as its base64 string, the one JSON-safe encoding of arbitrary bytes.
/// </summary>
/// <param name="Truncated">More rows existed than the row bound allowed; <paramref name="Rows"/> holds the first ones.</param>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, int RowCount, bool Truncated);

using System.Text.Json;

namespace Peeps.Testing;

/// <summary>A parsed <c>/api/sql</c> or <c>/api/query</c> response.</summary>
public sealed record SqlRows(IReadOnlyList<string> Columns, IReadOnlyList<JsonElement[]> Rows, int RowCount)
{
    public static SqlRows Parse(string body)
    {
        var root = JsonDocument.Parse(body).RootElement.Clone();
        return new SqlRows(
            [.. root.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!)],
            [.. root.GetProperty("rows").EnumerateArray().Select(r => r.EnumerateArray().ToArray())],
            root.GetProperty("row_count").GetInt32());
    }
}

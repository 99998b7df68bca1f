using System.Text.Json;

namespace Peeps.Cli.Api;

/// <summary>The shape shared by <c>POST /api/sql</c> and <c>POST /api/query</c>: cells are raw JSON values (numbers, strings, null).</summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<JsonElement>> Rows, int RowCount) : IApiResponse
{
    public string? FindProblem()
    {
        if (Columns.Any(c => c is null)) return "a null column name";
        for (var i = 0; i < Rows.Count; i++)
        {
            if (Rows[i] is null) return $"row {i + 1} is null";
            if (Rows[i].Count != Columns.Count) return $"row {i + 1} has {Rows[i].Count} cells for {Columns.Count} columns";
        }
        return null;
    }
}

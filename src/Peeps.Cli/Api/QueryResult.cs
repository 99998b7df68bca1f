using System.Text.Json;

namespace Peeps.Cli.Api;

/// <summary>The shape shared by <c>POST /api/sql</c> and <c>POST /api/query</c>: cells are raw JSON values (numbers, strings, null).</summary>
public sealed record QueryResult(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<JsonElement>> Rows, int RowCount);

using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Peeps.Cli.Api;
using Spectre.Console;

namespace Peeps.Cli.Output;

/// <summary>Renders a SQL/query result as an aligned table, a JSON array of row objects, or CSV.</summary>
public static class ResultWriter
{
    public static void Write(QueryResult result, OutputFormat format, IAnsiConsole console, TextWriter output)
    {
        switch (format)
        {
            case OutputFormat.Json: WriteJson(result, output); break;
            case OutputFormat.Csv: WriteCsv(result, output); break;
            default: WriteTable(result, console); break;
        }
    }

    public static void WriteTable(QueryResult result, IAnsiConsole console)
    {
        var table = new Table().Border(TableBorder.Simple);
        foreach (var column in result.Columns) table.AddColumn(new TableColumn(new Text(column)));
        foreach (var row in result.Rows) table.AddRow(row.Select(cell => (Spectre.Console.Rendering.IRenderable)new Text(Cell(cell) ?? "NULL")));
        if (result.Columns.Count > 0) console.Write(table);
        console.WriteLine($"({result.RowCount} row{(result.RowCount == 1 ? "" : "s")})");
    }

    /// <summary>
    /// One object per row. Output meant for people and for tools reading UTF-8, not for embedding in HTML, so
    /// <c>é</c> and <c>&lt;</c> print as themselves.
    /// </summary>
    public static void WriteJson(QueryResult result, TextWriter output)
    {
        var names = JsonColumnNames.Unique(result.Columns);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartArray();
            foreach (var row in result.Rows)
            {
                writer.WriteStartObject();
                for (var i = 0; i < names.Count; i++)
                {
                    writer.WritePropertyName(names[i]);
                    if (i < row.Count) row[i].WriteTo(writer);
                    else writer.WriteNullValue();
                }
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }

    public static void WriteCsv(QueryResult result, TextWriter output)
    {
        output.WriteLine(string.Join(',', result.Columns.Select(Quote)));
        foreach (var row in result.Rows) output.WriteLine(string.Join(',', row.Select(cell => Quote(Cell(cell) ?? ""))));
    }

    /// <summary>The cell as text: strings unquoted, numbers as sent, null as null (each format shows null its own way).</summary>
    public static string? Cell(JsonElement cell) => cell.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => cell.GetString(),
        _ => cell.GetRawText(),
    };

    private static string Quote(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) < 0 ? value : "\"" + value.Replace("\"", "\"\"") + "\"";
}

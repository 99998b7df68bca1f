using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Peeps.Cli.Output;

/// <summary>
/// The server's answer re-indented, members in the order the server sent them: what upstream's CLI prints, so
/// scripts written against it read the same output.
/// </summary>
public static class PrettyJson
{
    public static void Write(string json, TextWriter output)
    {
        using var document = JsonDocument.Parse(json);
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            document.WriteTo(writer);
        output.WriteLine(Encoding.UTF8.GetString(stream.ToArray()));
    }
}

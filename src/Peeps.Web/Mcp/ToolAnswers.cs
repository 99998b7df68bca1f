using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Peeps.Web.Mcp;

/// <summary>
/// Every tool answers compact snake_case JSON, the same names as the HTTP API, and never more than the configured
/// bound: an agent's context is small, and an answer cut silently would be read as whole.
/// </summary>
public sealed class ToolAnswers(McpSettings settings)
{
    public static readonly JsonSerializerOptions Json = new()
    {
        TypeInfoResolver = new DefaultJsonTypeInfoResolver(),
        // A wait chain nests three levels of JSON per step; the validator allows chains up to 1024 steps deep.
        MaxDepth = 8 + 3 * 1024,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string Of(object answer, string narrowHint)
    {
        var json = JsonSerializer.Serialize(answer, answer.GetType(), Json);
        return json.Length <= settings.MaxAnswerBytes
            ? json
            : Error($"the answer is {json.Length} bytes, over this server's {settings.MaxAnswerBytes}-byte bound (Peeps:Mcp:MaxAnswerBytes); {narrowHint}");
    }

    public static string Error(string message) => JsonSerializer.Serialize(new { error = message }, Json);
}

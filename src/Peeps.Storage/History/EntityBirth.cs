using System.Text.Json;

namespace Peeps.Storage.History;

/// <summary>Reads an entity's top-level <c>birth</c> (process ms) without materializing the rest of it.</summary>
internal static class EntityBirth
{
    public static long? Read(ReadOnlySpan<byte> entityJson)
    {
        try
        {
            var reader = new Utf8JsonReader(entityJson);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var isBirth = reader.ValueTextEquals("birth"u8);
                reader.Read();
                if (isBirth)
                    return reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var birth) ? birth : null;
                reader.Skip();
            }
            return null;
        }
        catch (JsonException)
        {
            return null; // the writer stored it as sent; a malformed entity has no birth to learn from
        }
    }
}

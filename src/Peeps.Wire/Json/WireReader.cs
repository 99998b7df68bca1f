using System.Text.Json;

namespace Peeps.Wire.Json;

/// <summary>
/// A forward-only reader over one payload that turns every protocol mismatch into a
/// <see cref="WireFormatException"/> naming the field and byte offset, so the decoders stay declarative.
/// </summary>
internal ref struct WireReader
{
    // serde_json's default recursion limit is 128; allow more so we never reject what the reference accepts.
    private const int MaxDepth = 256;

    private readonly ReadOnlyMemory<byte> _payload;
    private Utf8JsonReader _json;

    public WireReader(ReadOnlyMemory<byte> payload)
    {
        _payload = payload;
        _json = new Utf8JsonReader(payload.Span, new JsonReaderOptions { MaxDepth = MaxDepth });
    }

    public readonly JsonTokenType Token => _json.TokenType;

    public readonly int Position => checked((int)_json.TokenStartIndex);

    public void Next()
    {
        if (!_json.Read()) throw Fail("unexpected end of JSON");
    }

    /// <summary>Inside an object: true with the reader on the next property name, false at the closing brace.</summary>
    public bool NextProperty()
    {
        Next();
        return _json.TokenType == JsonTokenType.PropertyName;
    }

    /// <summary>Inside an array: true with the reader on the next element, false at the closing bracket.</summary>
    public bool NextElement()
    {
        Next();
        return _json.TokenType != JsonTokenType.EndArray;
    }

    public readonly bool Is(ReadOnlySpan<byte> utf8Text) => _json.ValueTextEquals(utf8Text);

    public string Text() => _json.GetString()!;

    /// <summary>The current scalar token exactly as it appears in the payload, quotes included for strings.</summary>
    public readonly ReadOnlySpan<byte> RawScalar()
    {
        var length = _json.TokenType == JsonTokenType.String ? _json.ValueSpan.Length + 2 : _json.ValueSpan.Length;
        return _payload.Span.Slice(Position, length);
    }

    public void EndOfDocument()
    {
        if (_json.Read()) throw Fail("trailing data after the message");
    }

    public void SkipValue()
    {
        Next();
        _json.Skip();
    }

    public string ReadString(string field)
    {
        Next();
        ExpectCurrent(JsonTokenType.String, field, "a string");
        return _json.GetString()!;
    }

    public string? ReadOptionalString(string field)
    {
        Next();
        if (_json.TokenType == JsonTokenType.Null) return null;
        ExpectCurrent(JsonTokenType.String, field, "a string or null");
        return _json.GetString()!;
    }

    public bool ReadBool(string field)
    {
        Next();
        return _json.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw WrongType(field, "a boolean"),
        };
    }

    public ulong ReadUInt64(string field)
    {
        Next();
        ExpectCurrent(JsonTokenType.Number, field, "an unsigned 64-bit integer");
        return CurrentUInt64(field);
    }

    public ulong? ReadOptionalUInt64(string field)
    {
        Next();
        if (_json.TokenType == JsonTokenType.Null) return null;
        ExpectCurrent(JsonTokenType.Number, field, "an unsigned 64-bit integer or null");
        return CurrentUInt64(field);
    }

    public uint ReadUInt32(string field)
    {
        Next();
        ExpectCurrent(JsonTokenType.Number, field, "an unsigned 32-bit integer");
        if (!_json.TryGetUInt32(out var value)) throw OutOfRange(field, "an unsigned 32-bit integer");
        return value;
    }

    public long ReadInt64(string field)
    {
        Next();
        ExpectCurrent(JsonTokenType.Number, field, "a signed 64-bit integer");
        if (!_json.TryGetInt64(out var value)) throw OutOfRange(field, "a signed 64-bit integer");
        return value;
    }

    public void ReadStartObject(string field)
    {
        Next();
        ExpectCurrent(JsonTokenType.StartObject, field, "an object");
    }

    public void ReadStartArray(string field)
    {
        Next();
        ExpectCurrent(JsonTokenType.StartArray, field, "an array");
    }

    /// <summary>With the reader on an opening brace: the whole object as a slice of the payload, reader left on its closing brace.</summary>
    public ReadOnlyMemory<byte> CurrentObjectSlice()
    {
        var start = Position;
        _json.Skip();
        return _payload[start..(Position + 1)];
    }

    /// <summary>With the reader on the closing brace of an object that started at <paramref name="start"/>.</summary>
    public readonly ReadOnlyMemory<byte> SliceFrom(int start) => _payload[start..(Position + 1)];

    public readonly void ExpectCurrent(JsonTokenType type, string field, string expected)
    {
        if (_json.TokenType != type) throw WrongType(field, expected);
    }

    public readonly WireFormatException Fail(string message) =>
        new($"{message} (at byte {_json.TokenStartIndex})");

    private ulong CurrentUInt64(string field)
    {
        if (!_json.TryGetUInt64(out var value)) throw OutOfRange(field, "an unsigned 64-bit integer");
        return value;
    }

    private readonly WireFormatException WrongType(string field, string expected) =>
        Fail($"'{field}' must be {expected}, got {Describe(_json.TokenType)}");

    private readonly WireFormatException OutOfRange(string field, string expected) =>
        Fail($"'{field}' must be {expected}, got {Abbreviate(_json.ValueSpan)}");

    private static string Abbreviate(ReadOnlySpan<byte> number) =>
        number.Length <= 32 ? System.Text.Encoding.UTF8.GetString(number) : $"a {number.Length}-character number";

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        _ => type.ToString(),
    };
}

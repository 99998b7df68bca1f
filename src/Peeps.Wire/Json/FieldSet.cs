namespace Peeps.Wire.Json;

/// <summary>
/// Which known fields of one object have been read, as bit flags. Duplicates are rejected because the
/// reference decoder rejects them too, and silently picking one of two values would hide a broken client.
/// </summary>
internal struct FieldSet(string owner)
{
    private int _seen;

    public void Mark(ref WireReader reader, int flag, string field)
    {
        if ((_seen & flag) != 0) throw reader.Fail($"{owner} has a duplicate '{field}' field");
        _seen |= flag;
    }

    public readonly void Require(ref WireReader reader, int flag, string field)
    {
        if ((_seen & flag) == 0) throw reader.Fail($"{owner} is missing required field '{field}'");
    }
}

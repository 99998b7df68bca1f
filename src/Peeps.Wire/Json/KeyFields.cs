namespace Peeps.Wire.Json;

/// <summary>The fields of a change's content that the server keys or orders on; everything else stays raw JSON.</summary>
[Flags]
internal enum KeyFields
{
    Id = 1 << 0,
    EntityId = 1 << 1,
    ScopeId = 1 << 2,
    Src = 1 << 3,
    Dst = 1 << 4,
    Kind = 1 << 5,
    At = 1 << 6,
}

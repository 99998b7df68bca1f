using System.Collections.Concurrent;
using System.Text.Json;

namespace Peeps.Simulator.Json;

/// <summary>
/// The wire spells unit enum variants in snake_case; deriving the spelling from the C# name keeps the
/// model's enums and the protocol's names from drifting apart.
/// </summary>
public static class WireName
{
    private static readonly ConcurrentDictionary<Enum, string> Cache = new();

    public static string Of(Enum value) =>
        Cache.GetOrAdd(value, v => JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));
}

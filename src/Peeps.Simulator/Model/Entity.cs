using System.Text.Json.Nodes;

namespace Peeps.Simulator.Model;

/// <summary>
/// A live thing in a runtime. <paramref name="Birth"/> is ms since process start;
/// <paramref name="Meta"/> is free-form JSON and is never mutated after construction.
/// </summary>
public sealed record Entity(string Id, ulong Birth, string Source, string Name, EntityBody Body, JsonNode? Meta);

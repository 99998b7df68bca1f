using System.Text.Json.Nodes;

namespace Peeps.Simulator.Model;

public enum ScopeKind { Process, Thread, Task }

/// <summary>A grouping of entities (the process itself, an OS thread, an async task).</summary>
public sealed record Scope(string Id, ulong Birth, string Source, string Name, ScopeKind Body, JsonNode? Meta);

using Peeps.Storage.Reading;

namespace Peeps.Storage.QueryPacks;

/// <summary>No pack has the requested name. A client error (400); the message lists the valid names.</summary>
public sealed class UnknownQueryPackException(string name)
    : SqlQueryException($"unknown query pack '{name}'; valid names: {string.Join(", ", QueryPackCatalog.Named.Select(p => p.Name))}")
{
    public string Name { get; } = name;
}

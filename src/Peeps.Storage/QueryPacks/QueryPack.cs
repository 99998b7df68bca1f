namespace Peeps.Storage.QueryPacks;

/// <summary>
/// A named, maintained query. <see cref="Sql"/> has no LIMIT: the runner appends the requested one.
/// <see cref="Columns"/> is the contract of the pack's result, in order.
/// </summary>
public sealed record QueryPack(string Name, IReadOnlyList<string> Columns, string Sql);

namespace Peeps.Storage.History;

/// <summary>An edge's identity inside one stream, as the <c>edges</c> table keys it; <paramref name="KindJson"/> keeps its quotes.</summary>
public readonly record struct EdgeKey(string Src, string Dst, string KindJson);

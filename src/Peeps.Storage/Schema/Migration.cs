namespace Peeps.Storage.Schema;

/// <summary>One step of the schema: run on a database at <c>Version - 1</c>, leaves it at <see cref="Version"/>.</summary>
internal sealed record Migration(int Version, string Description, string Sql);

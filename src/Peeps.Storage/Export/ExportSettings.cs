namespace Peeps.Storage.Export;

/// <summary>Bounds of <c>GET /api/db</c> (<c>Peeps:Export</c>).</summary>
public sealed record ExportSettings
{
    /// <summary>Copies being made or sent at once; one more is refused with 503. Each takes about the database's size on disk.</summary>
    public int MaxConcurrent { get; init; } = 1;

    /// <summary>
    /// Where copies are made; empty means a folder <c>&lt;Db&gt;.exports</c> beside the database (read-only: a folder of
    /// this process in the system's temporary directory). Emptied at start.
    /// </summary>
    public string? Directory { get; init; }
}

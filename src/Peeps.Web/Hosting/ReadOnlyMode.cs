namespace Peeps.Web.Hosting;

/// <summary>
/// Whether this server is read-only on a copy (<c>Peeps:ReadOnly</c>, <c>--read-only</c>), and the one wording of why
/// something that needs live runtimes or writes is refused, for the HTTP API and the MCP tools alike.
/// </summary>
public sealed record ReadOnlyMode(bool Enabled, string DatabasePath)
{
    public string Refusal(string what) =>
        $"{what}: this server is read-only on a copy of a database ({DatabasePath}; Peeps:ReadOnly, --read-only), so no " +
        "runtimes can connect and nothing is written. Its stored history, snapshots and the graph at past instants can be read; " +
        "start peeps-web without --read-only to take cuts and snapshots.";
}

namespace Peeps.Storage.History;

/// <summary>
/// Narrows a rebuild to one process: a number is a connection id (the snapshot's <c>process_id</c>), anything else
/// a process name, which matches every connection of that name alive at the instant.
/// </summary>
public sealed record ProcessSelector(string Value)
{
    public bool Matches(long connId, string processName) =>
        long.TryParse(Value, out var id) ? id == connId : string.Equals(Value, processName, StringComparison.Ordinal);
}

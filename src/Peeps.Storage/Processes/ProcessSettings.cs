namespace Peeps.Storage.Processes;

/// <summary>How connections are recognised as one process (<c>Peeps:Processes</c>; docs/api.md states the rule).</summary>
public sealed record ProcessSettings
{
    /// <summary>A connection with the name and pid of one that closed at most this long before it is the same process reconnecting.</summary>
    public TimeSpan ReconnectWindow { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Newest connection rows read to build the list; older ones are left out (the answer says so).</summary>
    public int MaxConnectionRows { get; init; } = 10_000;
}

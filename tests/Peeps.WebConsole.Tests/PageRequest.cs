namespace Peeps.WebConsole.Tests;

/// <summary>A request the console page made: its method and URL path.</summary>
public sealed record PageRequest(string Method, string Path);

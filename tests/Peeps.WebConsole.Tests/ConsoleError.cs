namespace Peeps.WebConsole.Tests;

/// <summary>An error the page logged, with the path of the resource it is about when it names one.</summary>
public sealed record ConsoleError(string Text, string? Path);

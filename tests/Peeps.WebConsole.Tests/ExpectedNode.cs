namespace Peeps.WebConsole.Tests;

/// <summary>A node as a person should read it: entity name and kind, the state line, the highlight level.</summary>
public sealed record ExpectedNode(string Name, string Kind, string State, string Level);

namespace Peeps.Web.Mcp;

/// <summary>The Model Context Protocol endpoint (<c>/mcp</c>); off unless enabled.</summary>
public sealed record McpSettings
{
    public bool Enabled { get; init; }

    /// <summary>Largest tool answer, in bytes of JSON; a larger one is replaced by an error that says how to narrow it.</summary>
    public int MaxAnswerBytes { get; init; } = 64 * 1024;

    /// <summary>Wait chains in a <c>diagnose</c> answer unless the call asks for another number (at most the diagnosis bound).</summary>
    public int DefaultChains { get; init; } = 10;
}

namespace Peeps.Cli.Api;

/// <summary>A failure talking to the server, with a message fit to show the user as is.</summary>
public sealed class PeepsApiException(string message, Exception? inner = null) : Exception(message, inner);

namespace Peeps.Ingest.Connections;

/// <summary>The client broke the protocol in a way that ends its connection (not a malformed frame: those are WireFormatExceptions).</summary>
public sealed class ProtocolViolationException(string message) : Exception(message);

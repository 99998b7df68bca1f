namespace Peeps.Wire;

/// <summary>A frame or message that does not follow the peeps wire protocol.</summary>
public sealed class WireFormatException(string message, Exception? inner = null) : Exception(message, inner);

namespace Peeps.Storage.History;

/// <summary>A rebuild of the graph at an instant that was stopped by one of its bounds.</summary>
public abstract class GraphAtException(string message) : Exception(message);

public sealed class GraphAtTimeoutException(string message) : GraphAtException(message);

public sealed class GraphAtTooLargeException(string message) : GraphAtException(message);

namespace Peeps.Ingest.Stages;

/// <summary>A client began a frame and then kept the server waiting for the rest of it for too long.</summary>
public sealed class FrameReadTimeoutException(string message) : TimeoutException(message);

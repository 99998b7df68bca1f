namespace Peeps.Diagnosis.Reading;

/// <summary>The bytes given as a snapshot document are not one.</summary>
public sealed class SnapshotFormatException(string message, Exception? inner = null) : Exception(message, inner);

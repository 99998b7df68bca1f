namespace Peeps.Diagnosis.Model;

/// <summary>A process as the server knows it: its connection, name and pid. Every answer names entities with it.</summary>
public sealed record ProcessRef(long ConnId, string ProcessName, long Pid);

namespace Peeps.Simulator;

/// <summary>How a simulated runtime answers cut and snapshot requests.</summary>
public enum ProcessBehavior
{
    /// <summary>Answers at once, like the Rust client.</summary>
    Normal,

    /// <summary>Answers after <see cref="SimulatorSettings.SlowReplyDelay"/>, like a process whose loop is busy.</summary>
    Slow,

    /// <summary>Never answers; still sends its delta batches.</summary>
    Silent,
}

namespace Peeps.Web.SelfReport;

/// <summary>A stage's buffer as the model's mpsc buffer: <paramref name="Unit"/> says what it counts (messages, commands, weight, groups).</summary>
public readonly record struct StageBuffer(uint Occupancy, uint Capacity, string Unit);

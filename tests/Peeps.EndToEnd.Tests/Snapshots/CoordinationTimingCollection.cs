namespace Peeps.EndToEnd.Tests.Snapshots;

/// <summary>End-to-end cut and snapshot classes assert on elapsed time, so they run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CoordinationTimingCollection
{
    public const string Name = "coordination timing";
}

namespace Peeps.Ingest.Tests.Coordination;

/// <summary>Classes that assert on elapsed time run alone, never beside other test classes.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TimingCollection
{
    public const string Name = "timing";
}

using Peeps.Storage.Writing;

namespace Peeps.Storage.Tests.Writing;

/// <summary>The retention defaults docs/configuration.md and appsettings.json state.</summary>
public sealed class SnapshotRetentionTests
{
    [Fact]
    public void By_default_100_snapshots_and_256_MiB_of_results_are_kept()
    {
        var retention = new SnapshotRetentionSettings();
        Assert.Equal(100, retention.MaxSnapshots);
        Assert.Equal(268_435_456L, retention.MaxBytes);
    }
}

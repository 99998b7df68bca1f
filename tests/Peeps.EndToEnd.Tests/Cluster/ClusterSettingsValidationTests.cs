using Peeps.Web.Cluster;
using Peeps.Web.Configuration;

namespace Peeps.EndToEnd.Tests.Cluster;

/// <summary>Cluster settings are not looked at while cluster mode is off, and checked in full once a node name turns it on.</summary>
public sealed class ClusterSettingsValidationTests
{
    private static readonly ClusterSettings Complete = new()
    {
        NodeName = "a",
        NodeNumber = 1,
        SeedNodes = ["akka.tcp://peeps@127.0.0.1:4053"],
        JournalConnectionString = "Host=127.0.0.1;Username=peeps;Database=journal",
    };

    private static IEnumerable<string> Failures(ClusterSettings cluster) =>
        new PeepsOptionsValidator().Validate(null, new PeepsOptions { Cluster = cluster }).Failures ?? [];

    [Fact]
    public void Without_a_node_name_the_cluster_settings_are_off_and_unchecked()
    {
        var off = new ClusterSettings { NodeNumber = -5, SplitBrainStrategy = "nonsense" };

        Assert.False(off.Enabled);
        Assert.Empty(Failures(off));
    }

    [Fact]
    public void A_complete_node_configuration_is_accepted() => Assert.Empty(Failures(Complete));

    [Theory]
    [InlineData("NodeNumber", "Peeps:Cluster:NodeNumber must be between 1 and 8191 (got 0)")]
    [InlineData("SeedNodes", "Peeps:Cluster:SeedNodes must list at least one node")]
    [InlineData("Journal", "Peeps:Cluster:JournalConnectionString is required in cluster mode")]
    [InlineData("Strategy", "Peeps:Cluster:SplitBrainStrategy must be one of keep-majority, static-quorum (got 'keep-referee')")]
    [InlineData("Seed", "Peeps:Cluster:SeedNodes entries look like akka.tcp://peeps@host:port (got '127.0.0.1:4053')")]
    public void An_incomplete_node_configuration_is_refused_naming_the_setting(string broken, string message)
    {
        var cluster = broken switch
        {
            "NodeNumber" => Complete with { NodeNumber = 0 },
            "SeedNodes" => Complete with { SeedNodes = [] },
            "Journal" => Complete with { JournalConnectionString = " " },
            "Strategy" => Complete with { SplitBrainStrategy = "keep-referee" },
            _ => Complete with { SeedNodes = ["127.0.0.1:4053"] },
        };

        Assert.Contains(Failures(cluster), f => f.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Connection_ids_of_different_node_numbers_never_meet_and_stay_exact_in_javascript()
    {
        Assert.Equal(ConnectionIdSpace.FirstOf(2), ConnectionIdSpace.LastUsed(2, highestStored: 17));
        Assert.Equal(ConnectionIdSpace.FirstOf(2) + 9, ConnectionIdSpace.LastUsed(2, ConnectionIdSpace.FirstOf(2) + 9));
        Assert.Equal(2, ConnectionIdSpace.NodeOf(ConnectionIdSpace.FirstOf(3) - 1));
        Assert.True(ConnectionIdSpace.FirstOf(ConnectionIdSpace.MaxNodeNumber + 1) - 1 <= (1L << 53) - 1);
        Assert.Throws<InvalidOperationException>(() => ConnectionIdSpace.LastUsed(2, ConnectionIdSpace.FirstOf(3)));
    }
}

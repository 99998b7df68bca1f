using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Peeps.Web.Configuration;

namespace Peeps.EndToEnd.Tests.Configuration;

/// <summary>Every number and duration a user can set is range-checked, and the check names the setting.</summary>
public sealed class ValidatedOptionsTests
{
    public static TheoryData<string, string> NegativeValueOfEveryBoundSetting()
    {
        var data = new TheoryData<string, string>();
        foreach (var (key, type) in BoundSettings.Leaves(typeof(PeepsOptions), PeepsOptions.Section))
        {
            // Any number is a seed.
            if (key == "Peeps:DemoRuntimes:Seed") continue;
            if (type == typeof(TimeSpan)) data.Add(key, "-00:00:01");
            else if (type == typeof(int) || type == typeof(long) || type == typeof(double)) data.Add(key, "-1");
        }
        return data;
    }

    // Cluster settings are checked only once a node name turns cluster mode on; the rest of a valid node goes with them.
    private static readonly KeyValuePair<string, string?>[] ClusterNode =
    [
        new("Peeps:Cluster:NodeName", "a"),
        new("Peeps:Cluster:NodeNumber", "1"),
        new("Peeps:Cluster:SeedNodes:0", "akka.tcp://peeps@127.0.0.1:4053"),
        new("Peeps:Cluster:JournalConnectionString", "Host=127.0.0.1;Database=journal"),
    ];

    [Theory]
    [MemberData(nameof(NegativeValueOfEveryBoundSetting))]
    public void A_negative_value_of_any_bound_setting_is_refused_naming_the_setting(string key, string value)
    {
        var context = key.StartsWith("Peeps:Cluster:", StringComparison.Ordinal) ? ClusterNode.Where(s => s.Key != key) : [];
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([.. context, new(key, value)]).Build();

        var failure = Assert.Throws<OptionsValidationException>(() => ValidatedOptions.Bind(configuration));

        Assert.Contains(failure.Failures, message => message.StartsWith(key + " ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Peeps:Demo", "true", "Peeps:ReadOnly and Peeps:Demo exclude each other")]
    [InlineData("Peeps:SelfReport:Enabled", "true", "Peeps:ReadOnly and Peeps:SelfReport:Enabled exclude each other")]
    [InlineData("Peeps:Cluster:NodeName", "a", "Peeps:ReadOnly and cluster mode")]
    public void Read_only_is_refused_together_with_what_needs_runtimes_or_a_cluster(string key, string value, string message)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
            [.. ClusterNode.Where(s => key == "Peeps:Cluster:NodeName" && s.Key != key), new("Peeps:ReadOnly", "true"), new(key, value)]).Build();

        var failure = Assert.Throws<OptionsValidationException>(() => ValidatedOptions.Bind(configuration));

        Assert.Contains(failure.Failures, m => m.StartsWith(message, StringComparison.Ordinal));
    }

    [Fact]
    public void The_defaults_pass_validation()
    {
        var options = ValidatedOptions.Bind(new ConfigurationBuilder().Build());

        Assert.Equal(new PeepsOptions().Ingest, options.Ingest);
    }

    [Fact]
    public void The_derived_ingest_address_cannot_be_set_from_configuration()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(
        [
            new("Peeps:Ingest:ListenHost", "10.9.9.9"),
            new("Peeps:Ingest:ListenPort", "1"),
        ]).Build();

        var options = ValidatedOptions.Bind(configuration);

        Assert.Equal(new PeepsOptions().Ingest.ListenHost, options.Ingest.ListenHost);
        Assert.Equal(new PeepsOptions().Ingest.ListenPort, options.Ingest.ListenPort);
    }
}

using Microsoft.Extensions.Configuration;
using Peeps.Web.Configuration;

namespace Peeps.EndToEnd.Tests.Configuration;

public sealed class UpstreamEnvironmentTests
{
    [Fact]
    public void Upstream_variables_map_onto_the_peeps_section()
    {
        var variables = new Dictionary<string, string>
        {
            ["PEEPS_LISTEN"] = "127.0.0.1:9200",
            ["PEEPS_HTTP"] = "127.0.0.1:9300",
            ["PEEPS_DB"] = "/tmp/x.sqlite",
        };

        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(UpstreamEnvironment.Read(name => variables.GetValueOrDefault(name)))
            .Build();
        var options = configuration.GetSection(PeepsOptions.Section).Get<PeepsOptions>()!;

        Assert.Equal("127.0.0.1:9200", options.Listen);
        Assert.Equal("127.0.0.1:9300", options.Http);
        Assert.Equal("/tmp/x.sqlite", options.Db);
    }

    [Fact]
    public void Unset_or_blank_variables_leave_the_defaults()
    {
        Assert.Empty(UpstreamEnvironment.Read(name => name == "PEEPS_DB" ? " " : null));
        var defaults = new PeepsOptions();
        Assert.Equal(("127.0.0.1:9119", "127.0.0.1:9130", "peeps-web.sqlite"), (defaults.Listen, defaults.Http, defaults.Db));
    }

    [Fact]
    public void The_command_line_overrides_the_upstream_variables_and_short_switches_work()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(UpstreamEnvironment.Read(name => name == "PEEPS_HTTP" ? "127.0.0.1:1" : null))
            .AddCommandLine(UpstreamEnvironment.ExpandFlags(["--http", "127.0.0.1:2", "--demo", "--db", "a.sqlite"]), UpstreamEnvironment.CommandLineSwitches)
            .Build();
        var options = configuration.GetSection(PeepsOptions.Section).Get<PeepsOptions>()!;

        Assert.Equal("127.0.0.1:2", options.Http);
        Assert.True(options.Demo);
        Assert.Equal("a.sqlite", options.Db);
    }

    [Fact]
    public void The_read_only_flag_takes_no_value_and_keeps_the_switch_after_it()
    {
        var configuration = new ConfigurationBuilder()
            .AddCommandLine(UpstreamEnvironment.ExpandFlags(["--read-only", "--db", "copy.sqlite"]), UpstreamEnvironment.CommandLineSwitches)
            .Build();
        var options = configuration.GetSection(PeepsOptions.Section).Get<PeepsOptions>()!;

        Assert.True(options.ReadOnly);
        Assert.Equal("copy.sqlite", options.Db);
    }

    [Theory]
    [InlineData("127.0.0.1:9119", "127.0.0.1", 9119, true)]
    [InlineData("[::1]:9119", "::1", 9119, true)]
    [InlineData("localhost:80", "localhost", 80, true)]
    [InlineData("0.0.0.0:9130", "0.0.0.0", 9130, false)]
    public void Addresses_parse_with_their_port_and_loopback_flag(string value, string host, int port, bool loopback)
    {
        var parsed = HostPort.Parse(value, "Listen");

        Assert.Equal((host, port, loopback), (parsed.Host, parsed.Port, parsed.IsLoopback));
    }

    [Fact]
    public void A_malformed_address_names_the_setting_and_the_expected_form()
    {
        var error = Assert.Throws<FormatException>(() => HostPort.Parse("nonsense", "Listen (PEEPS_LISTEN)"));

        Assert.Contains("PEEPS_LISTEN", error.Message);
        Assert.Contains("address:port", error.Message);
    }
}

using System.Text.RegularExpressions;
using Peeps.Testing;
using Peeps.Web.Telemetry;

namespace Peeps.EndToEnd.Tests.Streams;

/// <summary><c>GET /metrics</c> also shows the process's health (CPU, memory, GC, thread pool) and which build runs.</summary>
public sealed class ProcessMetricsEndpointTests
{
    [Theory]
    [InlineData("dotnet_process_cpu_time_seconds_total")]
    [InlineData("dotnet_process_memory_working_set")]
    [InlineData("dotnet_gc_collections_total")]
    [InlineData("dotnet_gc_heap_total_allocated_total")]
    [InlineData("dotnet_gc_pause_time_seconds_total")]
    [InlineData("dotnet_thread_pool_thread_count")]
    [InlineData("dotnet_thread_pool_queue_length")]
    public async Task The_scrape_carries_the_runtimes_series(string series)
    {
        await using var server = await PeepsServer.StartAsync();
        GC.Collect();

        var text = await server.Http.GetStringAsync("/metrics");

        Assert.Matches(new Regex($"^{series}(\\{{[^}}]*\\}})? [0-9.eE+-]+$", RegexOptions.Multiline), text);
    }

    [Fact]
    public async Task The_service_series_keep_their_names_beside_the_runtimes()
    {
        await using var server = await PeepsServer.StartAsync();

        var text = await server.Http.GetStringAsync("/metrics");

        Assert.Contains("\npeeps_ingest_connections ", "\n" + text);
        Assert.Contains("\npeeps_store_queue_depth ", "\n" + text);
        Assert.Contains("# TYPE peeps_ingest_bytes_total counter", text);
    }

    [Fact]
    public async Task The_build_info_series_names_version_commit_runtime_and_akka()
    {
        await using var server = await PeepsServer.StartAsync();
        var build = BuildInfo.Current;

        var text = await server.Http.GetStringAsync("/metrics");

        var line = Assert.Single(text.Split('\n'), l => l.StartsWith("peeps_build_info{", StringComparison.Ordinal));
        Assert.EndsWith(" 1", line);
        Assert.Contains($"version=\"{build.Version}\"", line);
        Assert.Contains($"akka=\"{build.Akka}\"", line);
        Assert.Contains("akka=\"1.5.75\"", line);
        Assert.Contains("runtime=\".NET 10", line);
        Assert.Matches("commit=\"[0-9a-f]{7,40}\"", line);
    }
}

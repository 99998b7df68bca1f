using Microsoft.Extensions.Options;

namespace Peeps.EndToEnd.Tests.Streams;

/// <summary>Every tuning knob is range-checked at start, and a bad one stops the server with a message naming it.</summary>
public sealed class TuningKnobValidationTests
{
    [Theory]
    [InlineData("Peeps:Ingest:ConnectionBufferMessages=0", "Peeps:Ingest:ConnectionBufferMessages must be between 1 and 1024 (got 0)")]
    [InlineData("Peeps:Ingest:MaxFrameBytes=16777216", "Peeps:Ingest:MaxFrameBytes must be between 1024 and 8388608 (got 16777216)")]
    [InlineData("Peeps:Ingest:MergeHubBufferPerConnection=0", "Peeps:Ingest:MergeHubBufferPerConnection must be between 1 and 4096 (got 0)")]
    [InlineData("Peeps:Ingest:MergeHubBufferPerConnection=4097", "Peeps:Ingest:MergeHubBufferPerConnection must be between 1 and 4096 (got 4097)")]
    [InlineData("Peeps:Ingest:MaxGroupWeight=0", "Peeps:Ingest:MaxGroupWeight must be between 1 and 16777216 (got 0)")]
    [InlineData("Peeps:Ingest:MaxGroupWeight=16777217", "Peeps:Ingest:MaxGroupWeight must be between 1 and 16777216 (got 16777217)")]
    [InlineData("Peeps:Writer:CacheSizeKiB=512", "Peeps:Writer:CacheSizeKiB must be between 1024 and 4194304 (got 512)")]
    [InlineData("Peeps:Sql:MaxRows=0", "Peeps:Sql:MaxRows must be between 1 and 1000000 (got 0)")]
    [InlineData("Peeps:Sql:MaxRows=1000001", "Peeps:Sql:MaxRows must be between 1 and 1000000 (got 1000001)")]
    [InlineData("Peeps:Snapshots:MaxTimeout=00:00:00.500", "Peeps:Snapshots:MaxTimeout must be between 00:00:01 and 00:10:00 (got 00:00:00.5000000)")]
    [InlineData("Peeps:Snapshots:MaxTimeout=00:11:00", "Peeps:Snapshots:MaxTimeout must be between 00:00:01 and 00:10:00 (got 00:11:00)")]
    [InlineData("Peeps:Writer:WalAutocheckpointPages=0", "Peeps:Writer:WalAutocheckpointPages must be between 100 and 1000000 (got 0)")]
    [InlineData("Peeps:Sql:TimeLimit=00:00:00", "Peeps:Sql:TimeLimit must be between")]
    [InlineData("Peeps:Snapshots:DefaultTimeout=00:05:00", "Peeps:Snapshots:DefaultTimeout must be between")]
    [InlineData("Peeps:Cuts:SnapshotEvery=1", "Peeps:Cuts:SnapshotEvery must be between 10 and 1000000 (got 1)")]
    [InlineData("Peeps:Coordination:JournalLockTimeout=00:00:00.500", "Peeps:Coordination:JournalLockTimeout must be between")]
    [InlineData("Peeps:Coordination:MaxBackoff=00:00:00.100", "Peeps:Coordination:MaxBackoff must be between")]
    [InlineData("Peeps:Retention:ChunkRows=0", "Peeps:Retention:ChunkRows must be between 1 and 100000 (got 0)")]
    [InlineData("Peeps:Retention:MaxBytes=1000", "Peeps:Retention:MaxBytes must be between 1048576")]
    [InlineData("Peeps:Api:Actor=00:00:00", "Peeps:Api:Actor must be between 00:00:00.1000000 and 00:10:00 (got 00:00:00)")]
    public async Task An_out_of_range_knob_stops_the_server_naming_the_setting_and_its_range(string setting, string message)
    {
        var failure = await Assert.ThrowsAsync<OptionsValidationException>(() => PeepsServer.StartAsync(settings: [setting]));

        Assert.Contains(message, failure.Message);
    }

    [Fact]
    public async Task The_shipped_defaults_are_all_in_range()
    {
        await using var server = await PeepsServer.StartAsync();

        Assert.NotNull(server.Ingest);
    }
}

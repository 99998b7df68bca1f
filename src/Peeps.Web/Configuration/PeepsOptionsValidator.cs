using Microsoft.Extensions.Options;

namespace Peeps.Web.Configuration;

/// <summary>
/// Checks every tuning knob against its valid range at start, so a typo stops the server with the setting's
/// name, value and range instead of surfacing later as a stalled pipeline. The ranges are documented in
/// docs/tuning.md; keep the two together.
/// </summary>
public sealed class PeepsOptionsValidator : IValidateOptions<PeepsOptions>
{
    private const int ProtocolMaxFrameBytes = 8 * 1024 * 1024;

    public ValidateOptionsResult Validate(string? name, PeepsOptions options)
    {
        var failures = new List<string>();
        Check(failures, "MaxRequestBodyBytes", options.MaxRequestBodyBytes, 1024L, 1024L * 1024 * 1024);
        foreach (var host in options.AllowedHosts)
            if (string.IsNullOrWhiteSpace(host) || host.Contains("://", StringComparison.Ordinal) || host.Contains('/') || host.Any(char.IsWhiteSpace))
                failures.Add($"{PeepsOptions.Section}:AllowedHosts entries must be host names or addresses without scheme, port or path (got '{host}')");
        foreach (var origin in options.AllowedOrigins)
            if (Security.AllowedOrigins.Problem(origin) is { } problem)
                failures.Add($"{PeepsOptions.Section}:AllowedOrigins: {problem}");
        Check(failures, "Api:Actor", options.Api.Actor, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
        var ingest = options.Ingest;
        Check(failures, "Ingest:MaxFrameBytes", ingest.MaxFrameBytes, 1024, ProtocolMaxFrameBytes);
        Check(failures, "Ingest:MaxUncommittedBytes", ingest.MaxUncommittedBytes, ingest.MaxFrameBytes + 4L, 64L * 1024 * 1024 * 1024);
        Check(failures, "Ingest:MaxConnections", ingest.MaxConnections, 1, 1_000_000);
        foreach (var network in ingest.AllowedNetworks)
            if (!System.Net.IPNetwork.TryParse(network, out _))
                failures.Add($"Peeps:Ingest:AllowedNetworks: '{network}' is not a network in CIDR form (e.g. 10.0.0.0/8)");
        Check(failures, "Ingest:ConnectionBufferMessages", ingest.ConnectionBufferMessages, 1, 1024);
        Check(failures, "Ingest:MergeHubBufferPerConnection", ingest.MergeHubBufferPerConnection, 1, 4096);
        Check(failures, "Ingest:MaxGroupWeight", ingest.MaxGroupWeight, 1, 16_777_216);
        Check(failures, "Ingest:OutboundQueueMessages", ingest.OutboundQueueMessages, 1, 4096);
        Check(failures, "Ingest:SendBufferBytes", ingest.SendBufferBytes, 4096, 16 * 1024 * 1024);
        Check(failures, "Ingest:HandshakeTimeout", ingest.HandshakeTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
        if (ingest.IdleTimeout != TimeSpan.Zero)
            Check(failures, "Ingest:IdleTimeout", ingest.IdleTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromDays(1));
        Check(failures, "Ingest:FrameReadTimeout", ingest.FrameReadTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        Check(failures, "Ingest:MaxCommitRetryBackoff", ingest.MaxCommitRetryBackoff, TimeSpan.FromMilliseconds(50), TimeSpan.FromMinutes(5));
        Check(failures, "Ingest:ShutdownDrainTimeout", ingest.ShutdownDrainTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));

        var writer = options.Writer;
        Check(failures, "Writer:CacheSizeKiB", writer.CacheSizeKiB, 1024, 4 * 1024 * 1024);
        Check(failures, "Writer:WalAutocheckpointPages", writer.WalAutocheckpointPages, 100, 1_000_000);
        Check(failures, "Writer:BackgroundCheckpointInterval", writer.BackgroundCheckpointInterval, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Check(failures, "Writer:SnapshotRetention:MaxSnapshots", writer.SnapshotRetention.MaxSnapshots, 1, 100_000);
        Check(failures, "Writer:SnapshotRetention:MaxBytes", writer.SnapshotRetention.MaxBytes, 1024 * 1024, 64L * 1024 * 1024 * 1024);

        var sql = options.Sql;
        Check(failures, "Sql:TimeLimit", sql.TimeLimit, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        Check(failures, "Sql:MaxRows", sql.MaxRows, 1, 1_000_000);
        Check(failures, "Sql:MaxResultBytes", sql.MaxResultBytes, 1024L, 1024L * 1024 * 1024);
        Check(failures, "Sql:MaxConcurrentQueries", sql.MaxConcurrentQueries, 1, 64);
        Check(failures, "Sql:QueueTimeout", sql.QueueTimeout, TimeSpan.Zero, TimeSpan.FromMinutes(1));

        Check(failures, "Sql:MaxMemoryBytes", sql.MaxMemoryBytes, 16L * 1024 * 1024, 64L * 1024 * 1024 * 1024);
        Check(failures, "Sql:MaxSearchWork", sql.MaxSearchWork, 1024L * 1024, 1L << 40);

        var readiness = options.Readiness;
        Check(failures, "Readiness:WriterStallAfter", readiness.WriterStallAfter, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        Check(failures, "Readiness:MinFreeDiskBytes", readiness.MinFreeDiskBytes, 0L, 1L << 50);
        Check(failures, "Readiness:MetricInterval", readiness.MetricInterval, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));

        var coordination = options.Coordination;
        Check(failures, "Coordination:MinBackoff", coordination.MinBackoff, TimeSpan.FromMilliseconds(10), TimeSpan.FromMinutes(1));
        Check(failures, "Coordination:MaxBackoff", coordination.MaxBackoff, coordination.MinBackoff, TimeSpan.FromMinutes(10));
        Check(failures, "Coordination:JournalLockTimeout", coordination.JournalLockTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(1));
        Check(failures, "Coordination:StoreQueueCapacity", coordination.StoreQueueCapacity, 16, 1_000_000);
        Check(failures, "Cuts:SnapshotEvery", options.Cuts.SnapshotEvery, 10, 1_000_000);
        Check(failures, "Cuts:DisconnectGrace", options.Cuts.DisconnectGrace, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        Check(failures, "Cuts:MaxHeldAckRows", options.Cuts.MaxHeldAckRows, 1, 10_000_000);

        var diagnosis = options.Diagnosis;
        Check(failures, "Diagnosis:MaxChainDepth", diagnosis.MaxChainDepth, 1, 1024);
        Check(failures, "Diagnosis:MaxChains", diagnosis.MaxChains, 1, 10_000);
        Check(failures, "Diagnosis:MaxChainNodes", diagnosis.MaxChainNodes, 1, 100_000);
        Check(failures, "Diagnosis:MaxDeadlockMembers", diagnosis.MaxDeadlockMembers, 1, 100_000);
        Check(failures, "Diagnosis:MaxWarnings", diagnosis.MaxWarnings, 1, 100_000);
        Check(failures, "Diagnosis:MaxDiffItems", diagnosis.MaxDiffItems, 1, 1_000_000);
        Check(failures, "Diagnosis:LongWait", diagnosis.LongWait, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1));
        Check(failures, "Diagnosis:ChannelFull", diagnosis.ChannelFull, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1));
        Check(failures, "Diagnosis:RequestUnanswered", diagnosis.RequestUnanswered, TimeSpan.FromMilliseconds(1), TimeSpan.FromDays(1));

        Check(failures, "Mcp:MaxAnswerBytes", options.Mcp.MaxAnswerBytes, 1024, 16 * 1024 * 1024);
        Check(failures, "Mcp:DefaultChains", options.Mcp.DefaultChains, 0, diagnosis.MaxChains);

        var snapshots = options.Snapshots;
        Check(failures, "Snapshots:MaxTimeout", snapshots.MaxTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));
        Check(failures, "Snapshots:DefaultTimeout", snapshots.DefaultTimeout, TimeSpan.FromMilliseconds(100), snapshots.MaxTimeout);
        Check(failures, "Snapshots:MaxInFlight", snapshots.MaxInFlight, 1, 1024);
        Check(failures, "Snapshots:RegistryTimeout", snapshots.RegistryTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));

        var inspection = options.Inspection;
        Check(failures, "Inspection:SampleInterval", inspection.SampleInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        Check(failures, "Inspection:CommitWindow", inspection.CommitWindow, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Check(failures, "Inspection:CommitWindowSamples", inspection.CommitWindowSamples, 16, 1_000_000);

        var self = options.SelfReport;
        Check(failures, "SelfReport:Interval", self.Interval, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        Check(failures, "SelfReport:MaxEntities", self.MaxEntities, 16, 10_000);
        Check(failures, "SelfReport:BackpressuredFraction", self.BackpressuredFraction, 0.01, 1.0);
        if (string.IsNullOrWhiteSpace(self.ProcessName))
            failures.Add($"{PeepsOptions.Section}:SelfReport:ProcessName must not be empty");

        ClusterSettingsValidator.Check(failures, options.Cluster);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    internal static void Check<T>(List<string> failures, string key, T value, T min, T max) where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
            failures.Add($"{PeepsOptions.Section}:{key} must be between {min} and {max} (got {value})");
    }
}

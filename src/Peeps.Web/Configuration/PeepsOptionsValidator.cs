using Microsoft.Extensions.Options;

namespace Peeps.Web.Configuration;

/// <summary>
/// Checks every tuning knob against its valid range at start, so a typo stops the server with the setting's
/// name, value and range instead of surfacing later as a stalled pipeline. The ranges are documented in
/// docs/tuning.md; keep the two together.
/// </summary>
public sealed class PeepsOptionsValidator : IValidateOptions<PeepsOptions>
{
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
        Check(failures, "EventStreams:MaxClients", options.EventStreams.MaxClients, 1, 10_000);
        var ingest = options.Ingest;
        Check(failures, "Ingest:MaxFrameBytes", ingest.MaxFrameBytes, 1024, Peeps.Wire.Framing.FrameCodec.MaxPayloadBytes);
        Check(failures, "Ingest:MaxUncommittedBytes", ingest.MaxUncommittedBytes, ingest.MaxFrameBytes + 4L, 64L * 1024 * 1024 * 1024);
        Check(failures, "Ingest:MaxUncommittedTime", ingest.MaxUncommittedTime, TimeSpan.Zero, TimeSpan.FromMinutes(1));
        Check(failures, "Ingest:MaxConnections", ingest.MaxConnections, 1, 1_000_000);
        foreach (var network in ingest.AllowedNetworks)
            if (!System.Net.IPNetwork.TryParse(network, out _))
                failures.Add($"Peeps:Ingest:AllowedNetworks: '{network}' is not a network in CIDR form (e.g. 10.0.0.0/8)");
        Check(failures, "Ingest:ConnectionBufferMessages", ingest.ConnectionBufferMessages, 1, 1024);
        Check(failures, "Ingest:MergeHubBufferPerConnection", ingest.MergeHubBufferPerConnection, 1, 4096);
        Check(failures, "Ingest:MaxGroupWeight", ingest.MaxGroupWeight, 1, 16_777_216);
        Check(failures, "Ingest:MaxGroupCommitTime", ingest.MaxGroupCommitTime, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(10));
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
        Check(failures, "Writer:WalRestartPages", writer.WalRestartPages, 0, 1_000_000);
        Check(failures, "Writer:SnapshotRetention:MaxSnapshots", writer.SnapshotRetention.MaxSnapshots, 1, 100_000);
        Check(failures, "Writer:SnapshotRetention:MaxBytes", writer.SnapshotRetention.MaxBytes, 1024 * 1024, 64L * 1024 * 1024 * 1024);

        Check(failures, "Export:MaxConcurrent", options.Export.MaxConcurrent, 1, 16);
        Check(failures, "Processes:ReconnectWindow", options.Processes.ReconnectWindow, TimeSpan.Zero, TimeSpan.FromDays(30));
        Check(failures, "Processes:MaxConnectionRows", options.Processes.MaxConnectionRows, 1, 1_000_000);

        var retention = options.Retention;
        // Zero turns a policy off; below zero is a mistake, not another way to say off.
        if (retention.MaxAge != TimeSpan.Zero)
            Check(failures, "Retention:MaxAge", retention.MaxAge, TimeSpan.FromSeconds(1), TimeSpan.FromDays(3650));
        if (retention.MaxBytes != 0)
            Check(failures, "Retention:MaxBytes", retention.MaxBytes, 1024L * 1024, 1L << 44);
        if (retention.ClosedConnectionsAfter != TimeSpan.Zero)
            Check(failures, "Retention:ClosedConnectionsAfter", retention.ClosedConnectionsAfter, TimeSpan.FromSeconds(1), TimeSpan.FromDays(3650));
        Check(failures, "Retention:Interval", retention.Interval, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        Check(failures, "Retention:ChunkRows", retention.ChunkRows, 1, 100_000);
        Check(failures, "Retention:MaxChunksPerPass", retention.MaxChunksPerPass, 1, 1_000_000);
        Check(failures, "Retention:ChunkTimeout", retention.ChunkTimeout, TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10));

        var checkpoints = writer.Checkpoints;
        Check(failures, "Writer:Checkpoints:EveryBatches", checkpoints.EveryBatches, 1, 1_000_000);
        Check(failures, "Writer:Checkpoints:EveryChanges", checkpoints.EveryChanges, 100, 100_000_000);
        Check(failures, "Writer:Checkpoints:MaxEventsPerProcess", checkpoints.MaxEventsPerProcess, 0, 1_000_000);
        var history = options.History;
        Check(failures, "History:MaxResultBytes", history.MaxResultBytes, 1024L, 4L * 1024 * 1024 * 1024);
        Check(failures, "History:TimeLimit", history.TimeLimit, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(10));
        Check(failures, "History:MaxConcurrentRebuilds", history.MaxConcurrentRebuilds, 1, 64);

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
        Check(failures, "Cuts:RegistryTimeout", options.Cuts.RegistryTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        Check(failures, "Cuts:PruneInterval", options.Cuts.PruneInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Check(failures, "Cuts:MaxRetainedCuts", options.Cuts.MaxRetainedCuts, 1, 10_000_000);
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
        // The answer is built in one array and stored as one SQLite text value (at most 1e9 bytes): stay well under both.
        Check(failures, "Snapshots:MaxReplyBytes", snapshots.MaxReplyBytes, 1024L, 512L * 1024 * 1024);
        Check(failures, "Snapshots:RegistryTimeout", snapshots.RegistryTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        Check(failures, "Snapshots:JournalEntriesKept", snapshots.JournalEntriesKept, 1, 1_000_000);

        var demo = options.DemoRuntimes;
        Check(failures, "DemoRuntimes:ProcessCount", demo.ProcessCount, 1, 1024);
        Check(failures, "DemoRuntimes:SlowProcesses", demo.SlowProcesses, 0, demo.ProcessCount);
        Check(failures, "DemoRuntimes:SlowReplyDelay", demo.SlowReplyDelay, TimeSpan.Zero, TimeSpan.FromMinutes(10));
        Check(failures, "DemoRuntimes:ChangesPerSecond", demo.ChangesPerSecond, 0.0, 1_000_000.0);
        Check(failures, "DemoRuntimes:EntityCount", demo.EntityCount, 1, 1_000_000);

        var inspection = options.Inspection;
        Check(failures, "Inspection:SampleInterval", inspection.SampleInterval, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(1));
        Check(failures, "Inspection:CommitWindow", inspection.CommitWindow, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Check(failures, "Inspection:CommitWindowSamples", inspection.CommitWindowSamples, 16, 1_000_000);
        Check(failures, "Inspection:LatencySamples", inspection.LatencySamples, 16, 1_000_000);

        var self = options.SelfReport;
        Check(failures, "SelfReport:Interval", self.Interval, TimeSpan.FromMilliseconds(100), TimeSpan.FromHours(1));
        Check(failures, "SelfReport:MaxEntities", self.MaxEntities, 16, 10_000);
        Check(failures, "SelfReport:BackpressuredFraction", self.BackpressuredFraction, 0.01, 1.0);
        if (string.IsNullOrWhiteSpace(self.ProcessName))
            failures.Add($"{PeepsOptions.Section}:SelfReport:ProcessName must not be empty");

        ValidateTelemetry(failures, options.Telemetry);
        ClusterSettingsValidator.Check(failures, options.Cluster);
        ValidateReadOnly(failures, options);

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>A read-only server has no ingest port and no coordinators: whatever needs them is refused, not ignored.</summary>
    private static void ValidateReadOnly(List<string> failures, PeepsOptions options)
    {
        if (!options.ReadOnly) return;
        if (options.Demo)
            failures.Add($"{PeepsOptions.Section}:ReadOnly and {PeepsOptions.Section}:Demo exclude each other: demo runtimes need the ingest port a read-only server does not open");
        if (options.SelfReport.Enabled)
            failures.Add($"{PeepsOptions.Section}:ReadOnly and {PeepsOptions.Section}:SelfReport:Enabled exclude each other: self-report sends to the ingest port a read-only server does not open");
        if (options.Cluster.Enabled)
            failures.Add($"{PeepsOptions.Section}:ReadOnly and cluster mode ({PeepsOptions.Section}:Cluster:NodeName) exclude each other: open a copy on a single node");
    }

    private static void ValidateTelemetry(List<string> failures, Telemetry.TelemetrySettings telemetry)
    {
        if (!string.IsNullOrWhiteSpace(telemetry.OtlpEndpoint)
            && !(Uri.TryCreate(telemetry.OtlpEndpoint, UriKind.Absolute, out var endpoint) && endpoint.Scheme is "http" or "https"))
            failures.Add($"{PeepsOptions.Section}:Telemetry:OtlpEndpoint must be an absolute http or https URL (got '{telemetry.OtlpEndpoint}')");
        if (telemetry.OtlpProtocol is not ("grpc" or "http/protobuf"))
            failures.Add($"{PeepsOptions.Section}:Telemetry:OtlpProtocol must be grpc or http/protobuf (got '{telemetry.OtlpProtocol}')");
        if (string.IsNullOrWhiteSpace(telemetry.ServiceName))
            failures.Add($"{PeepsOptions.Section}:Telemetry:ServiceName must not be empty");
        Check(failures, "Telemetry:MetricExportInterval", telemetry.MetricExportInterval, TimeSpan.FromSeconds(1), TimeSpan.FromHours(1));
        Check(failures, "Telemetry:ExportTimeout", telemetry.ExportTimeout, TimeSpan.FromMilliseconds(100), TimeSpan.FromMinutes(5));
        Check(failures, "Telemetry:MaxQueuedSpans", telemetry.MaxQueuedSpans, 16, 1_000_000);
        Check(failures, "Telemetry:MaxSpansPerExport", telemetry.MaxSpansPerExport, 1, telemetry.MaxQueuedSpans);
    }

    internal static void Check<T>(List<string> failures, string key, T value, T min, T max) where T : IComparable<T>
    {
        if (value.CompareTo(min) < 0 || value.CompareTo(max) > 0)
            failures.Add($"{PeepsOptions.Section}:{key} must be between {min} and {max} (got {value})");
    }
}

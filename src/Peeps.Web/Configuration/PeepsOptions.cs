using Peeps.Ingest;
using Peeps.Ingest.Coordination;
using Peeps.Ingest.Cuts;
using Peeps.Ingest.Inspection;
using Peeps.Ingest.Snapshots;
using Peeps.Storage.Reading;
using Peeps.Storage.Writing;
using Peeps.Web.Hosting;
using Peeps.Web.SelfReport;

namespace Peeps.Web.Configuration;

/// <summary>
/// The server's settings, bound from the <c>Peeps</c> configuration section (appsettings.json,
/// <c>Peeps__*</c> environment variables, command line), with the upstream variables layered on top.
/// </summary>
public sealed class PeepsOptions
{
    public const string Section = "Peeps";

    /// <summary>TCP ingest address (<c>PEEPS_LISTEN</c>): a host name or IP address, and a port.</summary>
    public string Listen { get; set; } = "127.0.0.1:9119";

    /// <summary>HTTP address (<c>PEEPS_HTTP</c>).</summary>
    public string Http { get; set; } = "127.0.0.1:9130";

    /// <summary>SQLite file (<c>PEEPS_DB</c>).</summary>
    public string Db { get; set; } = "peeps-web.sqlite";

    /// <summary>
    /// When set, every <c>/api</c> and <c>/metrics</c> request must send <c>Authorization: Bearer &lt;key&gt;</c>.
    /// Required (or <see cref="AllowOpen"/>) to bind either port beyond loopback.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>The explicit "I know it is open" switch: bind beyond loopback without an API key (a warning is logged).</summary>
    public bool AllowOpen { get; set; }

    /// <summary>
    /// Host names the HTTP server answers to besides loopback names and addresses and the host of <see cref="Http"/>,
    /// such as the machine's name when bound beyond loopback; <c>*</c> answers to any name. Other names get 400.
    /// </summary>
    public string[] AllowedHosts { get; set; } = [];

    /// <summary>
    /// Origins (<c>scheme://host[:port]</c>) whose pages may call the server besides its own; a request from any
    /// other origin (its <c>Origin</c> header) gets 403 on every route but <c>/health</c>.
    /// </summary>
    public string[] AllowedOrigins { get; set; } = [];

    /// <summary>How long HTTP handlers wait on actors (<c>Peeps:Api</c>).</summary>
    public Api.ApiSettings Api { get; set; } = new();

    /// <summary>How many server-sent event clients may be connected at once (<c>Peeps:EventStreams</c>).</summary>
    public Api.EventStreamSettings EventStreams { get; set; } = new();

    /// <summary>Largest HTTP request body accepted on any endpoint; larger ones get 413.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Start simulated runtimes against our own ingest port, so a newcomer sees live data at once.</summary>
    public bool Demo { get; set; }

    /// <summary>
    /// Open <see cref="Db"/>, a copy, for offline analysis (<c>--read-only</c>): the file is never written, no ingest
    /// port is opened, and routes that need live runtimes or write answer 409.
    /// </summary>
    public bool ReadOnly { get; set; }

    /// <summary>What demo mode simulates; read only when <see cref="Demo"/> is on.</summary>
    public DemoSettings DemoRuntimes { get; set; } = new();

    public IngestSettings Ingest { get; set; } = new();

    public WriterSettings Writer { get; set; } = new();

    /// <summary>Bounds of <c>GET /api/db</c>, the database copy.</summary>
    public Peeps.Storage.Export.ExportSettings Export { get; set; } = new();

    /// <summary>How connections are recognised as one process for <c>GET /api/processes</c>.</summary>
    public Peeps.Storage.Processes.ProcessSettings Processes { get; set; } = new();

    /// <summary>How much history the database keeps, by age and by size (docs/reliability.md).</summary>
    public Peeps.Storage.Retention.RetentionSettings Retention { get; set; } = new();

    public SqlQuerySettings Sql { get; set; } = new();

    /// <summary>Journal of the cut and snapshot coordinators (a SQLite file of its own); empty means <c>&lt;Db&gt;.journal.sqlite</c>.</summary>
    public string? Journal { get; set; }

    /// <summary>How the cut and snapshot coordinators ride out a failing journal.</summary>
    public CoordinationSettings Coordination { get; set; } = new();

    public CutSettings Cuts { get; set; } = new();

    public SnapshotSettings Snapshots { get; set; } = new();

    /// <summary>Bounds on rebuilding the graph at a past instant (<c>GET /api/graph?at=</c>).</summary>
    public Peeps.Storage.History.HistorySettings History { get; set; } = new();

    /// <summary>Warning thresholds and answer bounds of deadlock and wait-chain diagnosis.</summary>
    public Peeps.Diagnosis.DiagnosisSettings Diagnosis { get; set; } = new();

    /// <summary>The Model Context Protocol endpoint for coding agents; off unless enabled.</summary>
    public Mcp.McpSettings Mcp { get; set; } = new();

    /// <summary>Sampling of the live stream graph behind <c>GET /api/streams</c>.</summary>
    public InspectionSettings Inspection { get; set; } = new();

    /// <summary>What <c>GET /health/ready</c> checks against.</summary>
    public Readiness.ReadinessSettings Readiness { get; set; } = new();

    /// <summary>The server reporting its own ingest pipeline as a peeps process; off unless enabled.</summary>
    public SelfReportSettings SelfReport { get; set; } = new();

    /// <summary>OpenTelemetry export over OTLP; off unless an endpoint is set (docs/operations.md).</summary>
    public Telemetry.TelemetrySettings Telemetry { get; set; } = new();

    /// <summary>Cluster mode (docs/scale-out.md); off while <c>NodeName</c> is empty.</summary>
    public Cluster.ClusterSettings Cluster { get; set; } = new();
}

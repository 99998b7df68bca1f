using Peeps.Wire.Framing;

namespace Peeps.Ingest;

/// <summary>Bounds and knobs of the ingest pipeline. Every buffer is bounded; the defaults suit one 2-core machine.</summary>
public sealed record IngestSettings
{
    /// <summary>
    /// The address ingest binds: always derived from the host's listen setting (its name resolved to an address, since
    /// Akka's TCP binding wants one), never bound from configuration itself; see <see cref="ListeningOn"/>.
    /// </summary>
    public string ListenHost { get; private init; } = "127.0.0.1";

    public int ListenPort { get; private init; } = 9119;

    public IngestSettings ListeningOn(string host, int port) => this with { ListenHost = host, ListenPort = port };

    /// <summary>Largest frame payload accepted; the protocol's own limit is 8 MiB.</summary>
    public int MaxFrameBytes { get; init; } = FrameCodec.MaxPayloadBytes;

    /// <summary>
    /// Ingest connections open at once; one more is closed at once, logged with its address and counted in
    /// <c>peeps_ingest_connections_refused_total{reason="max_connections"}</c>. Each needs a file descriptor.
    /// </summary>
    public int MaxConnections { get; init; } = 1024;

    /// <summary>
    /// When not empty, only clients in these networks (CIDR, e.g. <c>10.0.0.0/8</c>) may connect; others are closed
    /// at once (<c>reason="network"</c>). Empty allows every address that can reach the port.
    /// </summary>
    public string[] AllowedNetworks { get; init; } = [];

    /// <summary>
    /// Bytes read off all ingest sockets together and not yet committed (<see cref="Tcp.IngestByteBudget"/>). When
    /// full, connections stop reading at their next frame header until commits free some: backpressure, not loss.
    /// At least one frame (<see cref="MaxFrameBytes"/> + 4).
    /// </summary>
    public long MaxUncommittedBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>
    /// When set, bounds the same budget by time: it holds no more than the writer commits in this long at the speed of
    /// its recent commits (never less than one largest frame), so beyond saturation a batch waits about this long in
    /// front of the writer rather than for as many seconds as <see cref="MaxUncommittedBytes"/> holds; the rest waits in
    /// the senders. Off by default: with runtimes at the client's pace, the backlog a byte bound lets build up is what
    /// puts several batches of one stream into a group, where they coalesce, and 500 ms halved what 256 paced runtimes
    /// could commit (docs/benchmarks.md).
    /// </summary>
    public TimeSpan MaxUncommittedTime { get; init; } = TimeSpan.Zero;

    /// <summary>Decoded messages a connection may hold before its TCP reads pause.</summary>
    public int ConnectionBufferMessages { get; init; } = 4;

    /// <summary>Per-connection buffer in the shared merge in front of the writer.</summary>
    public int MergeHubBufferPerConnection { get; init; } = 16;

    /// <summary>Most changes (plus one per command) grouped into one SQLite transaction.</summary>
    public long MaxGroupWeight { get; init; } = 32_768;

    /// <summary>
    /// Longest a group's commit is expected to take, from the writer's recent time per change: a group closes at this or
    /// at <see cref="MaxGroupWeight"/>, whichever comes first. A batch waits for the commit in progress and then its own,
    /// so this bounds the write path's queue by time as well as by count when commits slow down.
    /// </summary>
    public TimeSpan MaxGroupCommitTime { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Server-to-client messages queued per connection; when full, new requests to it are refused.</summary>
    public int OutboundQueueMessages { get; init; } = 32;

    /// <summary>
    /// Kernel send buffer of each accepted socket. Server-to-client messages are tiny, so a small fixed buffer bounds
    /// kernel memory per connection and lets a client that stops reading fill its outbound queue soon, rather than
    /// after the megabytes an autotuned buffer would absorb.
    /// </summary>
    public int SendBufferBytes { get; init; } = 64 * 1024;

    /// <summary>A connection that has not sent its handshake by then is closed.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Off (<see cref="TimeSpan.Zero"/>) by default: the Rust client sends a batch only when something changed, so a
    /// healthy runtime that is stuck — what users come to debug — can stay silent indefinitely, and closing it would
    /// make it reconnect under a new id and resend its history. When set, a connection that sends nothing for this
    /// long while the server is ready to read from it is closed (<see cref="Stages.ClientIdleTimeout{T}"/>).
    /// </summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.Zero;

    public bool IdleTimeoutEnabled => IdleTimeout > TimeSpan.Zero;

    /// <summary>
    /// Once a frame has begun, the time the server may spend waiting on the client for the rest of it. The idle
    /// timeout resets on every byte, so without this a client trickling bytes would hold its connection forever.
    /// </summary>
    public TimeSpan FrameReadTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Longest wait between retries when a group commit fails as a whole (disk full, I/O error). The group is retried, never dropped.</summary>
    public TimeSpan MaxCommitRetryBackoff { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// On shutdown, how long the server waits for every connection's already-read bytes to be committed and its row
    /// closed, and for the writer to finish, before it gives up (and logs what was left).
    /// </summary>
    public TimeSpan ShutdownDrainTimeout { get; init; } = TimeSpan.FromSeconds(10);
}

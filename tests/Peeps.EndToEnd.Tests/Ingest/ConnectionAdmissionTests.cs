using static Peeps.Testing.SampleBatches;

namespace Peeps.EndToEnd.Tests.Ingest;

/// <summary>
/// Connections past <c>Peeps:Ingest:MaxConnections</c>, or from outside <c>Peeps:Ingest:AllowedNetworks</c>, are
/// closed on arrival with a logged reason and a metric, spending no connection id or row; the admitted ones carry on.
/// </summary>
public sealed class ConnectionAdmissionTests
{
    private static readonly TimeSpan Within = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_connection_beyond_the_cap_is_closed_at_once_and_the_others_keep_committing()
    {
        await using var server = await PeepsServer.StartAsync(settings: ["Peeps:Ingest:MaxConnections=3"]);
        var logs = CapturedLogs.AttachTo(server);
        var admitted = new List<RuntimeClient>();
        for (var i = 0; i < 3; i++)
        {
            var client = server.Connect();
            await client.HandshakeAsync($"admitted-{i}", (uint)i);
            admitted.Add(client);
        }
        await Eventually.Until(() => server.CountAsync("select count(*) from connections where process_name like 'admitted-%'"), n => n == 3);

        using var extra = server.Connect();
        Assert.True(await extra.IsClosedByServerAsync(Within));

        await logs.WaitForAsync("refused a connection from", "Peeps:Ingest:MaxConnections (3)");
        await Eventually.Until(() => server.Http.GetStringAsync("/metrics"),
            m => m.Contains("peeps_ingest_connections_refused_total{reason=\"max_connections\"} 1"), Within);
        foreach (var (client, i) in admitted.Select((c, i) => (c, i)))
            await client.SendJsonAsync(Upserts($"proc:{i}", 0, 2));
        await Eventually.Until(() => server.CountAsync("select count(*) from entities"), n => n == 6);
        Assert.Equal(3, await server.CountAsync("select count(*) from connections"));

        // A place freed is a place taken: once a connection's close is committed, a new one is admitted.
        admitted[0].Dispose();
        await Eventually.Until(() => server.CountAsync("select count(*) from connections where disconnected_at_ns is not null"), n => n == 1);
        using var next = server.Connect();
        await next.HandshakeAsync("next", 9);
        await Eventually.Until(() => server.CountAsync("select count(*) from connections where process_name = 'next'"), n => n == 1);
        foreach (var client in admitted) client.Dispose();
    }

    [Fact]
    public async Task A_client_outside_the_allowed_networks_is_closed_at_once()
    {
        await using var server = await PeepsServer.StartAsync(settings: ["Peeps:Ingest:AllowedNetworks:0=10.0.0.0/8"]);
        var logs = CapturedLogs.AttachTo(server);

        using var outsider = server.Connect();

        Assert.True(await outsider.IsClosedByServerAsync(Within));
        await logs.WaitForAsync("refused a connection from 127.0.0.1", "outside Peeps:Ingest:AllowedNetworks");
        Assert.Equal(0, await server.CountAsync("select count(*) from connections"));
        await Eventually.Until(() => server.Http.GetStringAsync("/metrics"),
            m => m.Contains("peeps_ingest_connections_refused_total{reason=\"network\"} 1"), Within);
    }

    [Fact]
    public async Task Loopback_is_admitted_when_it_is_in_the_allowed_networks()
    {
        await using var server = await PeepsServer.StartAsync(settings: ["Peeps:Ingest:AllowedNetworks:0=10.0.0.0/8", "Peeps:Ingest:AllowedNetworks:1=127.0.0.0/8"]);
        using var client = server.Connect();
        await client.HandshakeAsync("local", 1);

        await Eventually.Until(() => server.CountAsync("select count(*) from connections where process_name = 'local'"), n => n == 1);
    }
}

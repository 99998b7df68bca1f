using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Peeps.Web.Hosting;

/// <summary>
/// Once both ports are bound, says how to use the server, as upstream does at start: where the console is, and the
/// line a Rust process instrumented with the peeps crate needs to report here. The addresses are the bound ones, so
/// a port chosen by the system (port 0) is named too. A read-only server says so instead: it has no ingest port.
/// </summary>
public sealed class UsageBanner(
    IHostApplicationLifetime lifetime, IServer server, IngestEndpoint ingest, ReadOnlyMode readOnly, ILogger<UsageBanner> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() => _ = LogAsync());
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task LogAsync()
    {
        var http = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault();
        if (readOnly.Enabled)
        {
            logger.LogInformation("peeps-web console: {ConsoleUrl}/", http?.TrimEnd('/'));
            logger.LogInformation(
                "read-only on {Database}: no runtimes can connect (no ingest port is open) and the file is never written; cuts and snapshots answer 409",
                readOnly.DatabasePath);
            return;
        }
        var listen = await ingest.Bound;
        logger.LogInformation("peeps-web console: {ConsoleUrl}/", http?.TrimEnd('/'));
        logger.LogInformation("to report a Rust process here, start it with PEEPS_DASHBOARD={IngestAddress}", listen);
    }
}

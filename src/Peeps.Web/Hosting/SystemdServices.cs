using Microsoft.Extensions.Hosting.Systemd;
using Microsoft.Extensions.Logging.Console;

namespace Peeps.Web.Hosting;

/// <summary>
/// Runs as a systemd <c>Type=notify</c> service: <c>READY=1</c> is sent once the host has started, which is after
/// the ingest port is bound (its service's start awaits the binding) and after Kestrel listens, and <c>STOPPING=1</c>
/// when a stop begins. Console logs then carry systemd's priority prefixes unless a console formatter is configured.
/// </summary>
public static class SystemdServices
{
    public const string NotifySocketVariable = "NOTIFY_SOCKET";

    public static WebApplicationBuilder AddPeepsSystemd(this WebApplicationBuilder builder)
    {
        builder.Host.UseSystemd();
        // UseSystemd recognizes systemd only as the parent process (or as pid 1 in a container). A wrapper in between
        // (a shell in ExecStart, a supervisor) still hands on the notify socket, so a socket alone is enough.
        if (!SystemdHelpers.IsSystemdService() && !string.IsNullOrEmpty(builder.Configuration[NotifySocketVariable]))
        {
            builder.Services.AddSingleton<ISystemdNotifier, SystemdNotifier>();
            builder.Services.AddSingleton<IHostLifetime, SystemdLifetime>();
        }
        // UseSystemd switches the console to systemd's format; a formatter the operator chose (json) wins.
        if (builder.Configuration["Logging:Console:FormatterName"] is { Length: > 0 } formatter)
            builder.Services.Configure<ConsoleLoggerOptions>(console => console.FormatterName = formatter);
        return builder;
    }
}

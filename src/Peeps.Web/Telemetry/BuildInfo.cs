using System.Reflection;
using System.Runtime.InteropServices;

namespace Peeps.Web.Telemetry;

/// <summary>
/// Which build is running: the server's version (the SDK appends the commit it was built from), the .NET runtime and
/// the Akka.NET it runs on. Logged at start and exported as <c>peeps_build_info</c>, so a scrape tells builds apart.
/// </summary>
public sealed record BuildInfo(string Version, string? Commit, string Runtime, string Akka)
{
    public static readonly BuildInfo Current = Of(typeof(BuildInfo).Assembly);

    public static BuildInfo Of(Assembly server)
    {
        var informational = InformationalVersion(server) ?? server.GetName().Version?.ToString() ?? "0";
        // "1.0.0+<sha>": the part after '+' is the source revision the SDK stamps in when it builds from git.
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        var version = plus < 0 ? informational : informational[..plus];
        var commit = plus < 0 ? null : informational[(plus + 1)..];
        var akka = InformationalVersion(typeof(Akka.Actor.ActorSystem).Assembly) ?? "unknown";
        var akkaPlus = akka.IndexOf('+', StringComparison.Ordinal);
        return new BuildInfo(version, commit, RuntimeInformation.FrameworkDescription, akkaPlus < 0 ? akka : akka[..akkaPlus]);
    }

    public KeyValuePair<string, object?>[] Tags =>
    [
        new("version", Version),
        new("commit", Commit ?? "unknown"),
        new("runtime", Runtime),
        new("akka", Akka),
    ];

    private static string? InformationalVersion(Assembly assembly) =>
        assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
}

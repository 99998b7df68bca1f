namespace Peeps.Web.Configuration;

/// <summary>
/// The reference server is configured by PEEPS_LISTEN, PEEPS_HTTP and PEEPS_DB; scripts set them, so they map
/// onto our settings. They override appsettings.json and <c>Peeps__*</c>; the command line overrides them.
/// </summary>
public static class UpstreamEnvironment
{
    private static readonly (string Variable, string Key)[] Mappings =
    [
        ("PEEPS_LISTEN", $"{PeepsOptions.Section}:{nameof(PeepsOptions.Listen)}"),
        ("PEEPS_HTTP", $"{PeepsOptions.Section}:{nameof(PeepsOptions.Http)}"),
        ("PEEPS_DB", $"{PeepsOptions.Section}:{nameof(PeepsOptions.Db)}"),
    ];

    /// <summary>Short command-line switches beside the .NET-style <c>--Peeps:Listen=...</c>.</summary>
    public static readonly IDictionary<string, string> CommandLineSwitches = new Dictionary<string, string>
    {
        ["--listen"] = "Peeps:Listen",
        ["--http"] = "Peeps:Http",
        ["--db"] = "Peeps:Db",
    };

    /// <summary>
    /// <c>--demo</c> is a flag, but .NET's command-line configuration reads every <c>--key</c> as taking the next
    /// argument as its value; spell the flag out so <c>--demo --http ...</c> keeps both.
    /// </summary>
    public static string[] ExpandFlags(string[] args) =>
        [.. args.Select(arg => arg == "--demo" ? $"--{PeepsOptions.Section}:{nameof(PeepsOptions.Demo)}=true" : arg)];

    public static IEnumerable<KeyValuePair<string, string?>> Read(Func<string, string?> getVariable) =>
        Mappings
            .Select(m => (m.Key, Value: getVariable(m.Variable)))
            .Where(m => !string.IsNullOrWhiteSpace(m.Value))
            .Select(m => KeyValuePair.Create(m.Key, m.Value));
}

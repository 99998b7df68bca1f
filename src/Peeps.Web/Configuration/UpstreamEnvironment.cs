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

    private static readonly Dictionary<string, string> Flags = new()
    {
        ["--demo"] = $"--{PeepsOptions.Section}:{nameof(PeepsOptions.Demo)}=true",
        ["--read-only"] = $"--{PeepsOptions.Section}:{nameof(PeepsOptions.ReadOnly)}=true",
    };

    /// <summary>
    /// <c>--demo</c> and <c>--read-only</c> are flags, but .NET's command-line configuration reads every <c>--key</c>
    /// as taking the next argument as its value; spell each flag out so <c>--read-only --db ...</c> keeps both.
    /// </summary>
    public static string[] ExpandFlags(string[] args) => [.. args.Select(arg => Flags.GetValueOrDefault(arg, arg))];

    public static IEnumerable<KeyValuePair<string, string?>> Read(Func<string, string?> getVariable) =>
        Mappings
            .Select(m => (m.Key, Value: getVariable(m.Variable)))
            .Where(m => !string.IsNullOrWhiteSpace(m.Value))
            .Select(m => KeyValuePair.Create(m.Key, m.Value));
}

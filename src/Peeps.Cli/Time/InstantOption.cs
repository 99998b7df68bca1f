using System.CommandLine;
using System.CommandLine.Parsing;

namespace Peeps.Cli.Time;

/// <summary>An option whose value is an instant in any form <see cref="InstantParser"/> reads, as Unix nanoseconds.</summary>
public static class InstantOption
{
    public static Option<long> CreateRequired(string name, string description) => new(name)
    {
        Description = $"{description}: {InstantParser.Forms}",
        Required = true,
        CustomParser = result => Parse(name, result) ?? 0,
    };

    public static Option<long?> CreateOptional(string name, string description) => new(name)
    {
        Description = $"{description}: {InstantParser.Forms}",
        CustomParser = result => Parse(name, result),
    };

    /// <returns>The instant, or null with the parse error added to <paramref name="result"/>.</returns>
    private static long? Parse(string name, ArgumentResult result)
    {
        var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
        if (InstantParser.Parse(text, DateTimeOffset.UtcNow, out var error) is { } ns) return ns;
        result.AddError($"{name}: {error}");
        return null;
    }
}

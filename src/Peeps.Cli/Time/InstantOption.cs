using System.CommandLine;

namespace Peeps.Cli.Time;

/// <summary>An option whose value is an instant in any form <see cref="InstantParser"/> reads, as Unix nanoseconds.</summary>
public static class InstantOption
{
    public static Option<long> Create(string name, string description, bool required) => new(name)
    {
        Description = $"{description}: {InstantParser.Forms}",
        Required = required,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (InstantParser.Parse(text, DateTimeOffset.UtcNow, out var error) is { } ns) return ns;
            result.AddError($"{name}: {error}");
            return 0;
        },
    };

    /// <summary>The same, for an option that may be left out (null then).</summary>
    public static Option<long?> CreateOptional(string name, string description) => new(name)
    {
        Description = $"{description}: {InstantParser.Forms}",
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (InstantParser.Parse(text, DateTimeOffset.UtcNow, out var error) is { } ns) return ns;
            result.AddError($"{name}: {error}");
            return null;
        },
    };
}

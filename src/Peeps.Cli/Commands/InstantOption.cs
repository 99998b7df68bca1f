using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Peeps.Cli.Commands;

/// <summary>
/// An instant given as RFC 3339 (<c>2026-12-07T10:15:00Z</c>) or relative to now (<c>5m ago</c>; units s, m, h, d),
/// parsed to Unix nanoseconds as the server's tables hold them. Bad text is a parse error naming the option.
/// </summary>
public static partial class InstantOption
{
    public static Option<long?> Create(string name, string description, Func<DateTimeOffset> now) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (TryParse(text, now(), out var ns)) return ns;
            result.AddError($"{name} must be an RFC 3339 time (2026-12-07T10:15:00Z) or a time ago (90s ago, 5m ago, 2h ago, 1d ago), not '{text}'");
            return null;
        },
    };

    public static bool TryParse(string text, DateTimeOffset now, out long unixNs)
    {
        unixNs = 0;
        DateTimeOffset at;
        if (Ago().Match(text.Trim()) is { Success: true } ago)
        {
            var amount = long.Parse(ago.Groups[1].Value, CultureInfo.InvariantCulture);
            var unit = ago.Groups[2].Value switch { "s" => TimeSpan.FromSeconds(1), "m" => TimeSpan.FromMinutes(1), "h" => TimeSpan.FromHours(1), _ => TimeSpan.FromDays(1) };
            if (amount > TimeSpan.MaxValue.Ticks / unit.Ticks / 2) return false;
            at = now - unit * amount;
        }
        else if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at) || !text.Contains('T'))
        {
            return false;
        }
        unixNs = (at - DateTimeOffset.UnixEpoch).Ticks * 100;
        return true;
    }

    [GeneratedRegex(@"^(\d{1,12})\s*([smhd])\s+ago$")]
    private static partial Regex Ago();
}

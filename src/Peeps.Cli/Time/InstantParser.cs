using System.Globalization;
using System.Text.RegularExpressions;

namespace Peeps.Cli.Time;

/// <summary>
/// The one reader of instants on the command line (<c>--at</c>, <c>--since</c>): an RFC 3339 time
/// (<c>2026-12-07T09:58:49Z</c>, fractions down to nanoseconds, any offset), a time relative to now
/// (<c>5m ago</c>, <c>1h30m ago</c>, <c>250ms ago</c>; units ms, s, m, h, d), <c>now</c>, or Unix nanoseconds as the
/// server writes them (<c>1765101529000000000</c>). Answers Unix nanoseconds.
/// </summary>
public static partial class InstantParser
{
    public const string Forms = "an RFC 3339 time (2026-12-07T09:58:49Z), a relative time (5m ago, 1h30m ago; units ms, s, m, h, d), 'now', or unix nanoseconds";

    /// <returns>The instant in Unix nanoseconds, or null with <paramref name="error"/> saying why.</returns>
    public static long? Parse(string text, DateTimeOffset now, out string? error)
    {
        error = null;
        var trimmed = text.Trim().ToLowerInvariant();
        if (trimmed.Length > 0 && trimmed.All(char.IsAsciiDigit))
            return long.TryParse(trimmed, NumberStyles.None, CultureInfo.InvariantCulture, out var ns)
                ? ns
                : Fail(out error, $"'{text}' is too large for unix nanoseconds");
        if (trimmed == "now") return ToUnixNs(now);
        if (Relative().Match(trimmed) is { Success: true } relative) return Ago(relative, now, text, out error);
        if (Rfc3339().Match(trimmed) is { Success: true } absolute) return Absolute(absolute, text, out error);
        return Fail(out error, $"'{text}' is not a time: use {Forms}");
    }

    private static long? Ago(Match match, DateTimeOffset now, string text, out string? error)
    {
        error = null;
        var ago = TimeSpan.Zero;
        try
        {
            foreach (Capture part in match.Groups["part"].Captures)
            {
                var piece = Part().Match(part.Value);
                var amount = long.Parse(piece.Groups["n"].Value, CultureInfo.InvariantCulture);
                ago = checked(ago + piece.Groups["unit"].Value switch
                {
                    "ms" => TimeSpan.FromMilliseconds(amount),
                    "s" => TimeSpan.FromSeconds(amount),
                    "m" => TimeSpan.FromMinutes(amount),
                    "h" => TimeSpan.FromHours(amount),
                    _ => TimeSpan.FromDays(amount),
                });
            }
            var at = ToUnixNs(now) - checked(ago.Ticks * 100);
            return at > 0 ? at : Fail(out error, $"'{text}' is before 1970");
        }
        catch (Exception e) when (e is OverflowException or ArgumentOutOfRangeException or FormatException)
        {
            return Fail(out error, $"'{text}' is too far back");
        }
    }

    private static long? Absolute(Match match, string text, out string? error)
    {
        error = null;
        // DateTimeOffset keeps 100 ns ticks: parse the time without its fraction and add the fraction's nanoseconds.
        var whole = match.Groups["date"].Value + "T" + match.Groups["time"].Value + match.Groups["offset"].Value.ToUpperInvariant();
        // Unix nanoseconds in an i64 end in April 2262.
        if (string.CompareOrdinal(match.Groups["date"].Value, "2262-04-11") >= 0)
            return Fail(out error, $"'{text}' is after 2262-04-10, beyond unix nanoseconds");
        if (!DateTimeOffset.TryParseExact(whole, ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss'Z'"], CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal, out var at))
            return Fail(out error, $"'{text}' is not a valid RFC 3339 time");
        var fraction = match.Groups["fraction"].Value;
        var nanos = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(9, '0')[..9], CultureInfo.InvariantCulture);
        var ns = ToUnixNs(at) + nanos;
        return ns > 0 ? ns : Fail(out error, $"'{text}' is before 1970");
    }

    private static long ToUnixNs(DateTimeOffset at) => (at - DateTimeOffset.UnixEpoch).Ticks * 100;

    private static long? Fail(out string? error, string message)
    {
        error = message;
        return null;
    }

    [GeneratedRegex(@"^(?<part>\d+\s*(ms|s|m|h|d)\s*)+ago$", RegexOptions.CultureInvariant)]
    private static partial Regex Relative();

    [GeneratedRegex(@"^(?<n>\d+)\s*(?<unit>ms|s|m|h|d)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})[t ](?<time>\d{2}:\d{2}:\d{2})(\.(?<fraction>\d+))?(?<offset>z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex Rfc3339();
}

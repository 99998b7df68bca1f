using Peeps.Cli.Time;

namespace Peeps.Cli.Tests.Time;

public sealed class InstantParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private static readonly long NowNs = (Now - DateTimeOffset.UnixEpoch).Ticks * 100;
    private const long Second = 1_000_000_000;

    private static long Parse(string text) =>
        InstantParser.Parse(text, Now, out var error) ?? throw new Xunit.Sdk.XunitException($"'{text}' refused: {error}");

    [Theory]
    [InlineData("2026-12-07T10:00:00Z", 0)]
    [InlineData("2026-12-07t10:00:00z", 0)]
    [InlineData("2026-12-07 10:00:00Z", 0)]
    [InlineData("2026-12-07T11:00:00+01:00", 0)]
    [InlineData("2026-12-07T09:59:59.5Z", -500_000_000)]
    [InlineData("2026-12-07T09:59:59.000000001Z", -999_999_999)]
    public void Rfc_3339_times_are_read_to_the_nanosecond_with_their_offset(string text, long fromNowNs) =>
        Assert.Equal(NowNs + fromNowNs, Parse(text));

    [Theory]
    [InlineData("5m ago", 300)]
    [InlineData("5 m ago", 300)]
    [InlineData("90s ago", 90)]
    [InlineData("1h30m ago", 5400)]
    [InlineData("2d ago", 172_800)]
    [InlineData("1H AGO", 3600)]
    [InlineData("now", 0)]
    public void Relative_times_count_back_from_now(string text, long secondsAgo) =>
        Assert.Equal(NowNs - secondsAgo * Second, Parse(text));

    [Fact]
    public void Milliseconds_are_not_minutes() => Assert.Equal(NowNs - 250_000_000, Parse("250ms ago"));

    [Fact]
    public void Plain_digits_are_unix_nanoseconds() => Assert.Equal(1765101529123456789, Parse("1765101529123456789"));

    [Theory]
    [InlineData("yesterday")]
    [InlineData("5 ago")]
    [InlineData("5y ago")]
    [InlineData("2026-12-07T10:00:00")]
    [InlineData("2026-13-07T10:00:00Z")]
    [InlineData("99999999999999999999")]
    [InlineData("999999999d ago")]
    [InlineData("2999-01-01T00:00:00Z")]
    [InlineData("")]
    public void Anything_else_is_refused_with_a_reason(string text)
    {
        Assert.Null(InstantParser.Parse(text, Now, out var error));
        Assert.Contains($"'{text}'", error);
    }
}

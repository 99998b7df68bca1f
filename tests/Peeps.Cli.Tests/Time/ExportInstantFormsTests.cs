using Peeps.Cli.Time;

namespace Peeps.Cli.Tests.Time;

/// <summary>The forms <c>peeps export --since/--until</c> documented before the parser was shared with <c>peeps graph --at</c>.</summary>
public sealed class ExportInstantFormsTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
    private static long Ns(DateTimeOffset at) => (at - DateTimeOffset.UnixEpoch).Ticks * 100;

    [Theory]
    [InlineData("5m ago", 300)]
    [InlineData("90s ago", 90)]
    [InlineData("2h ago", 7_200)]
    [InlineData("1d ago", 86_400)]
    public void A_time_ago_counts_back_from_now(string text, int seconds)
    {
        Assert.Equal(Ns(Now.AddSeconds(-seconds)), InstantParser.Parse(text, Now, out _));
    }

    [Fact]
    public void An_rfc3339_time_with_its_offset_is_read_as_that_instant()
    {
        Assert.Equal(Ns(new DateTimeOffset(2026, 12, 7, 10, 30, 0, TimeSpan.Zero)), InstantParser.Parse("2026-12-07T11:30:00+01:00", Now, out _));
    }

    [Theory]
    [InlineData("5 minutes ago")]
    [InlineData("yesterday")]
    [InlineData("2026-12-07")]
    [InlineData("")]
    [InlineData("99999999999d ago")]
    public void Other_text_is_refused(string text) => Assert.Null(InstantParser.Parse(text, Now, out _));
}

using System.Diagnostics;
using Peeps.Ingest.Inspection;

namespace Peeps.Ingest.Tests.Stages;

public sealed class CommitWindowTests
{
    [Fact]
    public void Percentiles_and_group_sizes_cover_the_commits_in_the_window()
    {
        var window = new CommitWindow(TimeSpan.FromSeconds(60), 1000);
        var now = Stopwatch.GetTimestamp();
        for (var i = 1; i <= 100; i++) window.Add(now, TimeSpan.FromMilliseconds(i), commands: i, weight: 10 * i);

        var stats = window.Read(now);

        Assert.Equal(100, stats.Commits);
        Assert.Equal(50, stats.P50Ms!.Value, 3);
        Assert.Equal(99, stats.P99Ms!.Value, 3);
        Assert.Equal(100, stats.MaxMs!.Value, 3);
        Assert.Equal(50.5, stats.MeanCommands!.Value, 3);
        Assert.Equal(1000, stats.MaxWeight);
    }

    [Fact]
    public void Commits_older_than_the_window_are_left_out()
    {
        var window = new CommitWindow(TimeSpan.FromSeconds(1), 16);
        var now = Stopwatch.GetTimestamp();
        window.Add(now - 5 * Stopwatch.Frequency, TimeSpan.FromSeconds(3), 1, 1);
        window.Add(now, TimeSpan.FromMilliseconds(2), 1, 1);

        var stats = window.Read(now);

        Assert.Equal(1, stats.Commits);
        Assert.Equal(2, stats.MaxMs!.Value, 3);
    }

    [Fact]
    public void The_ring_keeps_only_the_newest_commits()
    {
        var window = new CommitWindow(TimeSpan.FromSeconds(60), 4);
        var now = Stopwatch.GetTimestamp();
        for (var i = 1; i <= 10; i++) window.Add(now, TimeSpan.FromMilliseconds(i), 1, 1);

        var stats = window.Read(now);

        Assert.Equal(4, stats.Commits);
        Assert.Equal(10, stats.MaxMs!.Value, 3);
        Assert.Equal(8, stats.P50Ms!.Value, 3);
    }

    [Fact]
    public void An_empty_window_has_no_percentiles()
    {
        var stats = new CommitWindow(TimeSpan.FromSeconds(60), 4).Read(Stopwatch.GetTimestamp());

        Assert.Equal(0, stats.Commits);
        Assert.Null(stats.P50Ms);
        Assert.Null(stats.P99Ms);
    }
}

using Peeps.Storage.Tests.Support;
using Peeps.Storage.Writing;
using static Peeps.Storage.Tests.Support.Batches;

namespace Peeps.Storage.Tests.Writing;

public sealed class WalCheckpointerTests : IDisposable
{
    private readonly TempDatabase _db = new();

    private static IReadOnlyList<WriteCommand> Group(ulong from, int batches) =>
        [.. Enumerable.Range(0, batches).Select(i => Received(1, "p", from + (ulong)i, Entity(from + (ulong)i, $"e{from + (ulong)i}", new string('x', 2000))))];

    [Fact]
    public void Passive_checkpoint_copies_every_committed_frame_while_the_writer_stays_open()
    {
        using var writer = _db.OpenWriter(new WriterSettings { WalAutocheckpointPages = 1_000_000 });
        using var checkpointer = new WalCheckpointer(_db.Options);
        writer.Write(Group(0, 500));

        var result = checkpointer.Checkpoint();

        Assert.False(result.Busy);
        Assert.True(result.LogFrames > 100, $"only {result.LogFrames} frames in the log");
        Assert.Equal(result.LogFrames, result.CopiedFrames);
        writer.Write(Group(500, 10));
        Assert.Equal(510L, _db.Scalar("SELECT count(*) FROM entities"));
    }

    [Fact]
    public async Task Checkpoints_running_alongside_the_writer_never_fail_a_group()
    {
        using var writer = _db.OpenWriter(new WriterSettings { WalAutocheckpointPages = 1_000_000 });
        using var checkpointer = new WalCheckpointer(_db.Options);
        using var stop = new CancellationTokenSource();
        using var started = new ManualResetEventSlim();
        var rounds = 0;
        var copied = 0L;
        var checkpoints = new Thread(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                copied += checkpointer.Checkpoint().CopiedFrames;
                Interlocked.Increment(ref rounds);
                started.Set();
            }
        });
        checkpoints.Start();
        started.Wait(TimeSpan.FromSeconds(10));

        for (ulong group = 0; group < 40; group++)
            Assert.Empty(writer.Write(Group(group * 50, 50)).Rejected);
        var roundsAfterWrites = Volatile.Read(ref rounds);
        SpinWait.SpinUntil(() => Volatile.Read(ref rounds) > roundsAfterWrites + 1, TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        checkpoints.Join();

        Assert.True(copied > 0, "no checkpoint copied a frame");
        Assert.Equal(2_000L, _db.Scalar("SELECT count(*) FROM entities"));
        Assert.Equal("ok", _db.Scalar("PRAGMA integrity_check"));
    }

    [Fact]
    public void Rounds_with_a_copy_between_commits_keep_the_log_short_while_the_writer_commits_back_to_back()
    {
        using var writer = _db.OpenWriter(new WriterSettings { WalAutocheckpointPages = 1_000_000 });
        using var checkpointer = new WalCheckpointer(_db.Options);
        using var done = new ManualResetEventSlim();
        var rounds = 0;
        var committer = new Thread(() =>
        {
            for (ulong group = 0; group < 300; group++)
            {
                // Back to back, but a round must end within every 20 groups: on a starved machine the rounds could
                // otherwise first run after every commit, and no log starts over before a round has run.
                if (group % 20 == 0)
                {
                    var seen = Volatile.Read(ref rounds);
                    SpinWait.SpinUntil(() => Volatile.Read(ref rounds) > seen, TimeSpan.FromSeconds(30));
                }
                writer.Write(Group(group * 10, 10));
            }
            done.Set();
        });
        committer.Start();
        var longest = 0;
        while (!done.IsSet || rounds < 2)
        {
            var round = checkpointer.Round(writer, restartPages: 64);
            longest = Math.Max(longest, round.Copy.LogFrames);
            Interlocked.Increment(ref rounds);
        }
        committer.Join();

        // 300 groups of ten 2 KB entities write well over 1,000 pages; a log that starts over holds a few rounds' worth.
        var written = (long)_db.Scalar("PRAGMA page_count")!;
        Assert.True(longest < written / 2, $"the log reached {longest} pages of a {written}-page database: it never started over");
    }

    public void Dispose() => _db.Dispose();
}

namespace Peeps.Storage.Writing;

/// <summary>
/// Test-only, off unless the environment variable <see cref="Variable"/> names a directory: lets a crash test SIGKILL
/// the server while the writer holds a group's transaction open, every command of it applied and COMMIT not yet run.
/// Once the test creates <c>arm</c> in that directory, the next group carrying a delta batch lists its batches in
/// <c>paused</c> (conn id, stream, from and next seq no, tab-separated) and the writer thread sleeps until killed.
/// It pauses once per process. Without the variable the check is one null test per group.
/// </summary>
internal static class CommitPauseForTests
{
    public const string Variable = "PEEPS_TEST_PAUSE_INSIDE_COMMIT";

    private static readonly string? Folder = Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } folder ? folder : null;
    private static bool _paused;

    public static void PauseIfArmed(IReadOnlyList<WriteCommand> group)
    {
        if (Folder is null || _paused || !group.Any(c => c is DeltaBatchReceived) || !File.Exists(Path.Combine(Folder, "arm")))
            return;
        _paused = true;
        var batches = group.OfType<DeltaBatchReceived>()
            .Select(b => $"{b.ConnId}\t{b.Batch.StreamId}\t{b.Batch.FromSeqNo}\t{b.Batch.NextSeqNo}");
        // Written whole, then renamed, so the test never reads half a list.
        var pending = Path.Combine(Folder, "paused.tmp");
        File.WriteAllLines(pending, batches);
        File.Move(pending, Path.Combine(Folder, "paused"));
        Thread.Sleep(Timeout.Infinite);
    }
}

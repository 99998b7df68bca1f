namespace Peeps.Cli;

/// <summary>The exit codes scripts can rely on (docs/cli.md lists them).</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>The server, the connection or the local file system failed.</summary>
    public const int Failure = 1;

    public const int BadArguments = 2;

    /// <summary><c>snapshot --strict</c> where some process did not answer in time.</summary>
    public const int PartialSnapshot = 3;

    /// <summary><c>why</c> found a deadlock: the same 3, "the command ran and found what the caller asked it to fail on".</summary>
    public const int DeadlockFound = 3;

    /// <summary>Ctrl+C, as shells report SIGINT.</summary>
    public const int Interrupted = 130;
}

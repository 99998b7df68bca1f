namespace Peeps.Cli.Tests;

/// <summary>Runs the CLI in-process with captured stdout and stderr.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>The error messages on stderr, without the progress lines that share it.</summary>
    public IReadOnlyList<string> PeepsLines => [.. ErrorLines.Where(l => l.StartsWith("peeps: ", StringComparison.Ordinal))];

    public IReadOnlyList<string> OutputLines =>
        [.. Output.Split('\n').Select(l => l.TrimEnd('\r', ' ')).Where(l => l.Length > 0)];

    public static async Task<CliRun> RunAsync(params string[] args) => await RunWithEnvironmentAsync(new Dictionary<string, string>(), args);

    public static Task<CliRun> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunUntilAsync(environment, CancellationToken.None, args);

    /// <param name="interrupt">Cancelling it is what Ctrl+C does to the real process.</param>
    public static async Task<CliRun> RunUntilAsync(IReadOnlyDictionary<string, string> environment, CancellationToken interrupt, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error, name => environment.GetValueOrDefault(name), interactive: false, interrupt);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}

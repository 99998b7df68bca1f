namespace Peeps.Cli.Tests;

/// <summary>Runs the CLI in-process with captured stdout and stderr.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    public static async Task<CliRun> RunAsync(params string[] args) => await RunWithEnvironmentAsync(new Dictionary<string, string>(), args);

    public static async Task<CliRun> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await CliApp.RunAsync(args, output, error, name => environment.GetValueOrDefault(name), interactive: false);
        return new CliRun(code, output.ToString(), error.ToString());
    }
}

using System.CommandLine;
using Peeps.Cli.Commands;
using Spectre.Console;

namespace Peeps.Cli;

/// <summary>The <c>peeps</c> command line: builds the command tree and runs it against the given writers.</summary>
public static class CliApp
{
    public static RootCommand Build(CliContext cli)
    {
        var root = new RootCommand("peeps: command-line client for peeps-web (live inspection of async runtimes)");
        root.Options.Add(cli.UrlOption);
        root.Options.Add(cli.ApiKeyOption);
        root.Subcommands.Add(CutCommand.Create(cli));
        root.Subcommands.Add(SqlCommand.Create(cli));
        root.Subcommands.Add(QueryCommand.Create(cli));
        root.Subcommands.Add(SnapshotCommand.Create(cli));
        root.Subcommands.Add(ExportCommand.Create(cli));
        root.Subcommands.Add(ConnectionsCommand.Create(cli));
        root.Subcommands.Add(WhyCommand.Create(cli));
        root.Subcommands.Add(DiffCommand.Create(cli));
        root.Subcommands.Add(GraphCommand.Create(cli));
        root.Subcommands.Add(SimCommand.Create(cli));
        root.Subcommands.Add(McpCommand.Create(cli));
        return root;
    }

    public static async Task<int> RunAsync(
        string[] args, TextWriter output, TextWriter error, Func<string, string?> environment, bool interactive, CancellationToken ct = default)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = interactive ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = interactive ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = interactive ? InteractionSupport.Detect : InteractionSupport.No,
        });
        // Redirected output has no terminal width; a wide profile keeps tables on one line per row.
        if (!interactive) console.Profile.Width = 240;
        var cli = new CliContext(output, error, console, environment);
        try
        {
            var parse = Build(cli).Parse(args);
            if (parse.Errors.Count > 0)
            {
                await cli.WriteErrorAsync($"{parse.Errors[0].Message} (see 'peeps --help')");
                return ExitCodes.BadArguments;
            }
            return await parse.InvokeAsync(new InvocationConfiguration
            {
                Output = output,
                Error = error,
                // Ours print one line; the library's print a stack trace.
                EnableDefaultExceptionHandler = false,
                // Program.cs owns Ctrl+C: with the library's handler too, one key press would be handled twice.
                ProcessTerminationTimeout = null,
            }, ct);
        }
        catch (Exception e)
        {
            await cli.WriteUnexpectedAsync(e);
            return ExitCodes.Failure;
        }
    }
}

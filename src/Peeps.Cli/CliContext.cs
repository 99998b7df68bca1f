using System.CommandLine;
using Peeps.Cli.Api;
using Spectre.Console;

namespace Peeps.Cli;

/// <summary>What every command shares: where output goes, the environment, and the <c>--url</c> option.</summary>
public sealed class CliContext
{
    public const string DefaultUrl = "http://127.0.0.1:9130";

    public CliContext(TextWriter output, TextWriter error, IAnsiConsole console, Func<string, string?> environment)
    {
        Output = output;
        Error = error;
        Console = console;
        UrlOption = new Option<string>("--url")
        {
            Description = $"peeps-web HTTP address (default {DefaultUrl}, or $PEEPS_URL)",
            DefaultValueFactory = _ => environment("PEEPS_URL") is { Length: > 0 } url ? url : DefaultUrl,
            Recursive = true,
        };
    }

    public TextWriter Output { get; }
    public TextWriter Error { get; }
    public IAnsiConsole Console { get; }
    public Option<string> UrlOption { get; }

    public PeepsApiClient Client(ParseResult parse, TimeSpan timeout)
    {
        var url = parse.GetValue(UrlOption)!;
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new PeepsApiException($"invalid --url '{url}': expected an http:// or https:// address");
        return new PeepsApiClient(uri, timeout);
    }

    /// <summary>Runs a command body so that any expected failure becomes one line on stderr and a non-zero exit code.</summary>
    public async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (PeepsApiException e)
        {
            await Error.WriteLineAsync("peeps: " + e.Message);
            return 1;
        }
        catch (IOException e)
        {
            await Error.WriteLineAsync("peeps: " + e.Message);
            return 1;
        }
        catch (UnauthorizedAccessException e)
        {
            await Error.WriteLineAsync("peeps: " + e.Message);
            return 1;
        }
        catch (OperationCanceledException)
        {
            await Error.WriteLineAsync("peeps: cancelled");
            return 130;
        }
    }
}

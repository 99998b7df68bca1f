using System.CommandLine;
using Peeps.Cli.Api;
using Spectre.Console;

namespace Peeps.Cli;

/// <summary>What every command shares: where output goes, the environment, and the <c>--url</c> and <c>--api-key</c> options.</summary>
public sealed class CliContext
{
    public const string DefaultUrl = "http://127.0.0.1:9130";
    public const string UrlVariable = "PEEPS_URL";
    public const string ApiKeyVariable = "PEEPS_API_KEY";

    private readonly Func<string, string?> _environment;

    public CliContext(TextWriter output, TextWriter error, IAnsiConsole console, Func<string, string?> environment)
    {
        Output = output;
        Error = error;
        Console = console;
        _environment = environment;
        // No default value factories: where the value came from decides what an error message names.
        UrlOption = new Option<string?>("--url")
        {
            Description = $"peeps-web HTTP address (default ${UrlVariable}, else {DefaultUrl})",
            Recursive = true,
        };
        ApiKeyOption = new Option<string?>("--api-key")
        {
            Description = $"API key for a server started with Peeps:ApiKey (default ${ApiKeyVariable})",
            Recursive = true,
        };
    }

    public TextWriter Output { get; }

    /// <summary>Errors and progress: stdout carries only results, so scripts can pipe it.</summary>
    public TextWriter Error { get; }

    public IAnsiConsole Console { get; }
    public Option<string?> UrlOption { get; }
    public Option<string?> ApiKeyOption { get; }

    public PeepsApiClient Client(ParseResult parse, TimeSpan timeout)
    {
        var (uri, apiKey) = Server(parse);
        return new PeepsApiClient(uri, timeout, apiKey);
    }

    /// <summary>The server's base address (ending in '/') and API key, from the options, the environment or the defaults.</summary>
    public (Uri BaseUrl, string? ApiKey) Server(ParseResult parse)
    {
        var (url, source) = parse.GetValue(UrlOption) is { } given
            ? (given, "--url")
            : Variable(UrlVariable) is { } fromEnvironment ? (fromEnvironment, "$" + UrlVariable) : (DefaultUrl, "default URL");
        if (!Uri.TryCreate(url.EndsWith('/') ? url : url + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new PeepsApiException($"invalid {source} '{url}': expected an http:// or https:// address");
        return (uri, parse.GetValue(ApiKeyOption) is { Length: > 0 } key ? key : Variable(ApiKeyVariable));
    }

    /// <summary>Runs a command body so that every failure becomes one line on stderr and a non-zero exit code.</summary>
    public async Task<int> RunAsync(Func<Task<int>> body)
    {
        try
        {
            return await body();
        }
        catch (Exception e) when (e is PeepsApiException or IOException or UnauthorizedAccessException)
        {
            await WriteErrorAsync(e.Message);
            return ExitCodes.Failure;
        }
        catch (OperationCanceledException)
        {
            await WriteErrorAsync("cancelled");
            return ExitCodes.Interrupted;
        }
        catch (Exception e)
        {
            await WriteUnexpectedAsync(e);
            return ExitCodes.Failure;
        }
    }

    /// <summary>The last resort: a bug or an unforeseen failure still reads as one line, without a stack trace.</summary>
    public Task WriteUnexpectedAsync(Exception e) => WriteErrorAsync($"unexpected error ({e.GetType().Name}): {e.Message}");

    /// <summary>One <c>peeps:</c> line, whatever line breaks the message (often the server's) carries.</summary>
    public Task WriteErrorAsync(string message) =>
        Error.WriteLineAsync("peeps: " + string.Join(' ', message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)));

    private string? Variable(string name) => _environment(name) is { Length: > 0 } value ? value : null;
}

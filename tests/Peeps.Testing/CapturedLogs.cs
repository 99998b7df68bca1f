using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Peeps.Testing;

/// <summary>
/// What the running server logs from the moment this is attached, so a test can check that a reason was logged.
/// The logger factory hands a provider added late to every logger it already made, Akka's included.
/// </summary>
public sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _entries = new();

    public static CapturedLogs AttachTo(PeepsServer server)
    {
        var logs = new CapturedLogs();
        server.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        return logs;
    }

    public IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. _entries];

    /// <summary>Waits for an entry that <paramref name="match"/> accepts.</summary>
    public Task<IReadOnlyList<(LogLevel Level, string Message)>> WaitForAsync(Func<(LogLevel Level, string Message), bool> match, string what) =>
        Eventually.Until(() => Task.FromResult(Entries), entries => entries.Any(match), TimeSpan.FromSeconds(10), what);

    /// <summary>Waits for a message containing every one of <paramref name="parts"/>, and returns it.</summary>
    public async Task<string> WaitForAsync(params string[] parts)
    {
        bool Matches((LogLevel Level, string Message) entry) => parts.All(entry.Message.Contains);
        var entries = await WaitForAsync(Matches, $"a log line with {string.Join(", ", parts)}");
        return entries.First(Matches).Message;
    }

    public ILogger CreateLogger(string categoryName) => new Logger(_entries);

    public void Dispose()
    {
    }

    private sealed class Logger(ConcurrentQueue<(LogLevel, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((logLevel, formatter(state, exception)));
    }
}

using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Peeps.Testing;

namespace Peeps.Web.Tests.Hosting;

/// <summary>
/// Collects what the running host logs from the moment it is attached (the logger factory hands a provider added
/// late to every logger it already made, Akka's included), so a test can check that a reason was logged.
/// </summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<(LogLevel Level, string Message)> _entries = new();

    public static CapturedLogs AttachTo(IServiceProvider services)
    {
        var logs = new CapturedLogs();
        services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        return logs;
    }

    public IReadOnlyList<(LogLevel Level, string Message)> Entries => [.. _entries];

    public Task<IReadOnlyList<(LogLevel Level, string Message)>> WaitForAsync(Func<(LogLevel Level, string Message), bool> match, string what) =>
        Eventually.Until(() => Task.FromResult(Entries), entries => entries.Any(match), TimeSpan.FromSeconds(10), what);

    public ILogger CreateLogger(string categoryName) => new Logger(_entries);

    public void Dispose() { }

    private sealed class Logger(ConcurrentQueue<(LogLevel, string)> entries) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            entries.Enqueue((logLevel, formatter(state, exception)));
    }
}

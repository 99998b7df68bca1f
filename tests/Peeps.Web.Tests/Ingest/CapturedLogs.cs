using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Peeps.Testing;

namespace Peeps.Web.Tests.Ingest;

/// <summary>
/// Every log line the server writes from the moment it is attached, formatted as the console would show it.
/// Attached to the running host's logger factory, which the actor system logs through as well.
/// </summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public static CapturedLogs AttachTo(PeepsServer server)
    {
        var logs = new CapturedLogs();
        server.Services.GetRequiredService<ILoggerFactory>().AddProvider(logs);
        return logs;
    }

    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>Waits for a line containing every one of <paramref name="parts"/>, and returns it.</summary>
    public async Task<string> WaitForAsync(params string[] parts)
    {
        var lines = await Eventually.Until(() => Task.FromResult(Lines), all => all.Any(l => parts.All(l.Contains)),
            what: $"a log line with {string.Join(", ", parts)}");
        return lines.First(l => parts.All(l.Contains));
    }

    public ILogger CreateLogger(string categoryName) => new Logger(this);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs logs) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            logs._lines.Enqueue($"{logLevel}: {formatter(state, exception)}");
    }
}

using Akka.Actor;
using Akka.Dispatch;
using Akka.Event;
using Akka.Hosting.Logging;
using AkkaLogLevel = Akka.Event.LogLevel;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace Peeps.Web.Logs;

/// <summary>
/// Akka's logger: each log event goes to Microsoft.Extensions.Logging under its source's type as the category, with
/// the named values of its template as fields (<see cref="AkkaLogFields"/>). Akka.Hosting's own logger hands over a
/// state that JSON formatters write as an empty object and a message with Akka's bracketed prefix; this keeps a JSON
/// line's fields filterable (<c>State.ConnId</c>) and its message plain.
/// </summary>
internal sealed class StructuredAkkaLogger : ActorBase, IRequiresMessageQueue<ILoggerMessageQueueSemantics>
{
    private readonly ILoggerFactory _factory;
    private readonly Dictionary<Type, ILogger> _loggers = new();

    public StructuredAkkaLogger()
    {
        var setup = Context.System.Settings.Setup.Get<LoggerFactorySetup>();
        if (!setup.HasValue) throw new InvalidOperationException($"{nameof(StructuredAkkaLogger)} needs a {nameof(LoggerFactorySetup)} in the actor system's setup");
        _factory = setup.Value.LoggerFactory;
    }

    protected override bool Receive(object message)
    {
        switch (message)
        {
            case InitializeLogger:
                Sender.Tell(new LoggerInitialized());
                return true;
            case LogEvent log:
                Write(log);
                return true;
            default:
                return false;
        }
    }

    private void Write(LogEvent log)
    {
        if (!_loggers.TryGetValue(log.LogClass, out var logger))
            _loggers[log.LogClass] = logger = _factory.CreateLogger(log.LogClass);
        var level = log.LogLevel() switch
        {
            AkkaLogLevel.DebugLevel => LogLevel.Debug,
            AkkaLogLevel.InfoLevel => LogLevel.Information,
            AkkaLogLevel.WarningLevel => LogLevel.Warning,
            _ => LogLevel.Error,
        };
        if (!logger.IsEnabled(level)) return;
        logger.Log(level, default, new AkkaLogFields(log), log.Cause, static (fields, _) => fields.Message);
    }
}

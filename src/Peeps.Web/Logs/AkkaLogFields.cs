using System.Collections;
using Akka.Event;

namespace Peeps.Web.Logs;

/// <summary>
/// The state of one Akka log event as Microsoft.Extensions.Logging formatters read it: the values of its message
/// template by name, where it came from, and the template as <c>{OriginalFormat}</c>. A list, because the JSON
/// console formatter writes a state's fields only when it is one.
/// </summary>
internal sealed class AkkaLogFields : IReadOnlyList<KeyValuePair<string, object?>>
{
    private readonly List<KeyValuePair<string, object?>> _fields = [];

    public AkkaLogFields(LogEvent log)
    {
        if (log.Message is LogMessage message)
        {
            foreach (var (name, value) in message.GetProperties()) _fields.Add(new(name, value));
            Message = message.ToString() ?? message.Format;
            _fields.Add(new("LogSource", log.LogSource));
            _fields.Add(new("{OriginalFormat}", message.Format));
        }
        else
        {
            Message = log.Message?.ToString() ?? "";
            _fields.Add(new("LogSource", log.LogSource));
        }
    }

    /// <summary>The message with its values filled in.</summary>
    public string Message { get; }

    public int Count => _fields.Count;

    public KeyValuePair<string, object?> this[int index] => _fields[index];

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() => _fields.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => Message;
}

using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;

namespace Peeps.Cli.Commands;

/// <summary>
/// Numeric options that check their range while parsing: a validator that reads the value would throw
/// on text that is not a number, instead of reporting it as a parse error.
/// </summary>
public static class NumberOptions
{
    /// <summary>
    /// The longest wait any command accepts (24 h). Timeouts become <see cref="HttpClient.Timeout"/> and
    /// <see cref="Task.Delay(TimeSpan)"/> arguments, which reject anything near <see cref="int.MaxValue"/> ms.
    /// </summary>
    public const int MaxMilliseconds = 86_400_000;

    public static Option<int> Positive(string name, string description, int defaultValue, int max = int.MaxValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => Parse(result, name, 1, max),
    };

    public static Option<int> NonNegative(string name, string description, int defaultValue = 0, int max = int.MaxValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => Parse(result, name, 0, max),
    };

    /// <summary>A duration in milliseconds, from 1 to <see cref="MaxMilliseconds"/>.</summary>
    public static Option<int> Milliseconds(string name, string description, int defaultValue) =>
        Positive(name, description, defaultValue, MaxMilliseconds);

    public static Option<double> NonNegativeReal(string name, string description, double defaultValue, double max) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = Token(result);
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && value <= max) return value;
            result.AddError($"{name} must be a number from 0 to {max.ToString(CultureInfo.InvariantCulture)}, not '{text}'");
            return defaultValue;
        },
    };

    private static int Parse(ArgumentResult result, string name, int min, int max)
    {
        var text = Token(result);
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        result.AddError(max < int.MaxValue
            ? $"{name} must be a whole number from {min} to {max}, not '{text}'"
            : $"{name} must be {(min > 0 ? "a positive" : "a non-negative")} whole number, not '{text}'");
        return min;
    }

    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
}

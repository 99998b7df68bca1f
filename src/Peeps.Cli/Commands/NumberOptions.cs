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
    public static Option<int> Positive(string name, string description, int defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => Parse(result, name, 1, int.MaxValue),
    };

    public static Option<int> NonNegative(string name, string description, int defaultValue = 0) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result => Parse(result, name, 0, int.MaxValue),
    };

    public static Option<double> NonNegativeReal(string name, string description, double defaultValue) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultValue,
        CustomParser = result =>
        {
            var text = Token(result);
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= 0 && double.IsFinite(value)) return value;
            result.AddError($"{name} must be a non-negative number, not '{text}'");
            return defaultValue;
        },
    };

    private static int Parse(ArgumentResult result, string name, int min, int max)
    {
        var text = Token(result);
        if (int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max) return value;
        result.AddError($"{name} must be {(min > 0 ? "a positive" : "a non-negative")} whole number, not '{text}'");
        return min;
    }

    private static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
}

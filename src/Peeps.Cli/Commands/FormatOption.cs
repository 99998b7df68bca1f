using System.CommandLine;
using Peeps.Cli.Output;

namespace Peeps.Cli.Commands;

/// <summary><c>--format table|json|csv</c>, shared by the commands that print result sets.</summary>
public static class FormatOption
{
    public static Option<OutputFormat> Create() => new("--format")
    {
        Description = "Output format: table, json or csv",
        DefaultValueFactory = _ => OutputFormat.Table,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (Enum.TryParse<OutputFormat>(text, ignoreCase: true, out var format) && !int.TryParse(text, out _)) return format;
            result.AddError($"unknown --format '{text}': use table, json or csv");
            return OutputFormat.Table;
        },
    };
}

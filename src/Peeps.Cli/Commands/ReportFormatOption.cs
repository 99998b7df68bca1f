using System.CommandLine;
using Peeps.Cli.Output;

namespace Peeps.Cli.Commands;

/// <summary><c>--format text|json</c> for the commands that print a report rather than a result set.</summary>
public static class ReportFormatOption
{
    public static Option<ReportFormat> Create() => new("--format")
    {
        Description = "Output format: text (for people) or json (the server's answer as received)",
        DefaultValueFactory = _ => ReportFormat.Text,
        CustomParser = result =>
        {
            var text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (Enum.TryParse<ReportFormat>(text, ignoreCase: true, out var format) && !int.TryParse(text, out _)) return format;
            result.AddError($"unknown --format '{text}': use text or json");
            return ReportFormat.Text;
        },
    };
}

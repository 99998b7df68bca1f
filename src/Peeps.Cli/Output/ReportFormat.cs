namespace Peeps.Cli.Output;

/// <summary>How <c>why</c> and <c>diff</c> print: for people, or the server's JSON as received.</summary>
public enum ReportFormat { Text, Json }

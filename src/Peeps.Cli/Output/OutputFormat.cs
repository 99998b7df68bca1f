namespace Peeps.Cli.Output;

public enum OutputFormat { Table, Json, Csv }

namespace Peeps.Cli.Commands;

/// <summary>The <c>--url-tcp</c> value; written as it is typed, which is how help shows the default.</summary>
public sealed record IngestEndpoint(string Host, int Port)
{
    public override string ToString() => $"{Host}:{Port}";
}

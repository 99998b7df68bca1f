namespace Peeps.Web.Api;

/// <summary>How long an HTTP handler waits on an actor before answering with a clear timeout error (<c>Peeps:Api</c>).</summary>
public sealed record ApiSettings
{
    public TimeSpan Actor { get; init; } = TimeSpan.FromSeconds(5);
}

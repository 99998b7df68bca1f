namespace Peeps.Web.Api;

/// <summary>How long an HTTP handler waits on an actor before answering with a clear timeout error.</summary>
public sealed record ApiTimeouts
{
    /// <summary>Bound from <c>Peeps:Api</c>.</summary>
    public const string Section = "Api";

    public TimeSpan Actor { get; init; } = TimeSpan.FromSeconds(5);
}

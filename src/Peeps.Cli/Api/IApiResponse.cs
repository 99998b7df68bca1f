namespace Peeps.Cli.Api;

/// <summary>
/// A parsed response body. The serializer enforces required and non-null members, but not the items of a list:
/// a response checks those itself so that a malformed body is reported, not thrown later while printing.
/// </summary>
public interface IApiResponse
{
    /// <returns>What is wrong with the body, or null when it is usable.</returns>
    string? FindProblem() => null;
}

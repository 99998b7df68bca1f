using Microsoft.AspNetCore.Http.HttpResults;

namespace Peeps.Web.Api;

/// <summary>
/// RFC 7807 problem responses. Each also carries an <c>error</c> member with the message, because the
/// upstream frontend and scripts read <c>error</c>.
/// </summary>
public static class Problems
{
    public const string ErrorMember = "error";

    public static ProblemHttpResult Create(int status, string message, string? title = null, string? type = null) =>
        TypedResults.Problem(
            detail: message,
            statusCode: status,
            title: title,
            type: type,
            extensions: new Dictionary<string, object?> { [ErrorMember] = message });

    public static ProblemHttpResult BadRequest(string message) => Create(StatusCodes.Status400BadRequest, message);

    public static ProblemHttpResult NotFound(string message) => Create(StatusCodes.Status404NotFound, message);

    public static ProblemHttpResult Conflict(string message) => Create(StatusCodes.Status409Conflict, message);

    public static ProblemHttpResult Unavailable(string message) => Create(StatusCodes.Status503ServiceUnavailable, message);
}

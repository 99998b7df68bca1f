using Microsoft.AspNetCore.Http.HttpResults;
using Peeps.Storage.Reading;

namespace Peeps.Web.Api;

/// <summary>
/// Maps the SQL surface's errors to statuses: the client's statement is at fault (400), too slow or its result
/// too large (422), or the server is busy (503). The title names the kind of problem, which the metrics read.
/// </summary>
internal static class SqlProblems
{
    public const string TimeoutTitle = "SQL query timed out";

    public const string TooLargeTitle = "SQL result too large";

    public static async Task<Results<Ok<SqlEndpoints.SqlResponse>, ProblemHttpResult>> Run(Func<Task<QueryResult>> query)
    {
        try
        {
            return TypedResults.Ok(SqlEndpoints.SqlResponse.From(await query()));
        }
        catch (SqlQueryException failure)
        {
            return Problems.Create(Status(failure), failure.Message, Title(failure));
        }
    }

    private static int Status(SqlQueryException failure) => failure switch
    {
        SqlQueryTimeoutException or SqlResultTooLargeException => StatusCodes.Status422UnprocessableEntity,
        SqlQueryBusyException => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };

    private static string? Title(SqlQueryException failure) => failure switch
    {
        SqlQueryTimeoutException => TimeoutTitle,
        SqlResultTooLargeException => TooLargeTitle,
        _ => null,
    };
}

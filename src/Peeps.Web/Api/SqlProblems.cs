using Microsoft.AspNetCore.Http.HttpResults;
using Peeps.Storage.Reading;

namespace Peeps.Web.Api;

/// <summary>Maps the SQL surface's errors to statuses: the client's statement is at fault (400), too slow (422), or the server is busy (503).</summary>
internal static class SqlProblems
{
    public static async Task<Results<Ok<SqlEndpoints.SqlResponse>, ProblemHttpResult>> Run(Func<Task<QueryResult>> query)
    {
        try
        {
            return TypedResults.Ok(SqlEndpoints.SqlResponse.From(await query()));
        }
        catch (SqlQueryException failure)
        {
            return Problems.Create(Status(failure), failure.Message);
        }
    }

    private static int Status(SqlQueryException failure) => failure switch
    {
        SqlQueryTimeoutException => StatusCodes.Status422UnprocessableEntity,
        SqlQueryBusyException => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status400BadRequest,
    };
}

using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Peeps.Storage.Reading;

namespace Peeps.Web.Api;

/// <summary>
/// Maps the SQL surface's errors to problems: the client's statement is at fault (400), too slow, its result
/// too large or its work or memory over a bound (422), or the server is busy (503). Each kind has its own problem <c>type</c>, so scripts and our
/// metrics tell a timeout from an oversized result without reading the prose.
/// </summary>
internal static class SqlProblems
{
    private sealed record Kind(string Type, string? Title, int Status, string Outcome);

    private static readonly Kind Rejected = new("urn:peeps:problem:sql-rejected", null, StatusCodes.Status400BadRequest, "rejected");
    private static readonly Kind Timeout = new("urn:peeps:problem:sql-timeout", "SQL query timed out", StatusCodes.Status422UnprocessableEntity, "timeout");
    private static readonly Kind TooLarge = new("urn:peeps:problem:sql-result-too-large", "SQL result too large", StatusCodes.Status422UnprocessableEntity, "too_large");
    private static readonly Kind TooCostly = new("urn:peeps:problem:sql-too-costly", "SQL query too costly", StatusCodes.Status422UnprocessableEntity, "too_costly");
    private static readonly Kind Busy = new("urn:peeps:problem:sql-busy", "SQL queries busy", StatusCodes.Status503ServiceUnavailable, "busy");

    private static readonly Kind[] Kinds = [Rejected, Timeout, TooLarge, TooCostly, Busy];

    public static async Task<Results<Ok<SqlEndpoints.SqlResponse>, ProblemHttpResult>> Run(Func<Task<QueryResult>> query)
    {
        try
        {
            return TypedResults.Ok(SqlEndpoints.SqlResponse.From(await query()));
        }
        catch (SqlQueryException failure)
        {
            var kind = KindOf(failure);
            return Problems.Create(kind.Status, failure.Message, kind.Title, kind.Type);
        }
    }

    /// <summary>The metric outcome of a problem this class answered, or null for any other problem.</summary>
    public static string? OutcomeOf(ProblemDetails problem) => Array.Find(Kinds, kind => kind.Type == problem.Type)?.Outcome;

    /// <summary>The problem type of a failure, which a node sends with its error so another node answers the same problem.</summary>
    public static string TypeOf(SqlQueryException failure) => KindOf(failure).Type;

    /// <summary>The problem a node's SQL failure gets when another node answers for it.</summary>
    public static ProblemHttpResult FromType(string? type, string message)
    {
        var kind = Array.Find(Kinds, k => k.Type == type) ?? Rejected;
        return Problems.Create(kind.Status, message, kind.Title, kind.Type);
    }

    private static Kind KindOf(SqlQueryException failure) => failure switch
    {
        SqlQueryTimeoutException => Timeout,
        SqlResultTooLargeException => TooLarge,
        SqlQueryTooCostlyException => TooCostly,
        SqlQueryBusyException => Busy,
        _ => Rejected,
    };
}

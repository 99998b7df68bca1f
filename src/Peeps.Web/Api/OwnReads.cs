using Microsoft.AspNetCore.Http.HttpResults;
using Peeps.Storage.Reading;

namespace Peeps.Web.Api;

/// <summary>The server's own reads of what it stored (snapshot history, diagnosis).</summary>
public static class OwnReads
{
    /// <summary>These statements are ours, so a failure is the server's: busy or slow readers are 503, anything else 500.</summary>
    public static async Task<Results<TOk, ProblemHttpResult>> Guarded<TOk>(Func<Task<Results<TOk, ProblemHttpResult>>> read)
        where TOk : IResult
    {
        try
        {
            return await read();
        }
        catch (SqlQueryBusyException busy)
        {
            return Problems.Unavailable(busy.Message);
        }
        catch (SqlQueryTimeoutException slow)
        {
            return Problems.Unavailable(slow.Message);
        }
    }
}

using System.Text.Json;
using Akka.Actor;
using Microsoft.AspNetCore.Diagnostics;

namespace Peeps.Web.Api;

/// <summary>
/// Turns failures that escape a handler into problem+json with an <c>error</c> member: bad request bodies are 400,
/// an actor that did not answer in time is 504, anything else 500 with a message (the details stay in the log).
/// </summary>
public static class ErrorHandling
{
    public static IServiceCollection AddPeepsProblemDetails(this IServiceCollection services) =>
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            var details = context.ProblemDetails;
            details.Extensions.TryAdd(Problems.ErrorMember, details.Detail ?? details.Title ?? "error");
        });

    public static WebApplication UsePeepsErrorHandling(this WebApplication app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            StatusCodeSelector = Status,
            ExceptionHandler = async context =>
            {
                var failure = context.Features.Get<IExceptionHandlerFeature>()?.Error;
                var status = failure is null ? StatusCodes.Status500InternalServerError : Status(failure);
                await Problems.Create(status, Message(failure)).ExecuteAsync(context);
            },
        });
        app.UseStatusCodePages();
        return app;
    }

    private static int Status(Exception failure) => failure switch
    {
        BadHttpRequestException bad => bad.StatusCode,
        JsonException => StatusCodes.Status400BadRequest,
        AskTimeoutException => StatusCodes.Status504GatewayTimeout,
        _ => StatusCodes.Status500InternalServerError,
    };

    private static string Message(Exception? failure) => failure switch
    {
        BadHttpRequestException { InnerException: JsonException json } => $"request body is not valid JSON: {json.Message}",
        BadHttpRequestException bad => bad.Message,
        JsonException json => $"request body is not valid JSON: {json.Message}",
        AskTimeoutException => "the server did not answer in time (an internal actor timed out)",
        _ => "internal server error",
    };
}

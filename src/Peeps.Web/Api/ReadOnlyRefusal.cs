using Peeps.Web.Hosting;

namespace Peeps.Web.Api;

/// <summary>
/// Marks a route that needs live runtimes or writes the database: on a read-only server (<c>Peeps:ReadOnly</c>) it
/// answers 409 problem+json before its handler runs, so no handler asks for the coordinators such a server does not start.
/// </summary>
public static class ReadOnlyRefusal
{
    public static RouteHandlerBuilder RefusedWhenReadOnly(this RouteHandlerBuilder route, string what) =>
        route
            .AddEndpointFilter(async (context, next) =>
            {
                var mode = context.HttpContext.RequestServices.GetRequiredService<ReadOnlyMode>();
                return mode.Enabled ? Problems.Conflict(mode.Refusal(what)) : await next(context);
            })
            .ProducesProblem(StatusCodes.Status409Conflict);
}

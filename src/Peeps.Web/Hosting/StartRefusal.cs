using Microsoft.Extensions.Options;
using Peeps.Storage.Schema;
using Peeps.Web.Security;

namespace Peeps.Web.Hosting;

/// <summary>
/// Reasons the server refuses to start that are the user's to fix (settings, exposure, the database file): they end
/// the process with their message and exit code 2, not with an unhandled exception's stack trace and abort.
/// </summary>
public static class StartRefusal
{
    public const int ExitCode = 2;

    public static bool Is(Exception e) =>
        e is OptionsValidationException or ExposureRefusedException or UnsupportedSchemaException or ReadOnlyCopyException;
}

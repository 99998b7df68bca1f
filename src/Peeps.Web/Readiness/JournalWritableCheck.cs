using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Peeps.Web.Readiness;

/// <summary>
/// The coordinators' journal can take a write: its write lock is acquired and released at once, which needs the
/// file writable and the lock free within a second, and writes nothing.
/// </summary>
internal sealed class JournalWritableCheck(string journalPath) : IHealthCheck
{
    private static readonly TimeSpan LockWait = TimeSpan.FromSeconds(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
            {
                DataSource = journalPath,
                Mode = SqliteOpenMode.ReadWrite,
                Pooling = false,
                DefaultTimeout = (int)LockWait.TotalSeconds,
            }.ToString());
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "BEGIN IMMEDIATE; ROLLBACK;";
            await command.ExecuteNonQueryAsync(cancellationToken);
            return HealthCheckResult.Healthy("writable");
        }
        catch (SqliteException e)
        {
            return HealthCheckResult.Unhealthy($"the journal {journalPath} cannot take a write: {e.Message}");
        }
    }
}

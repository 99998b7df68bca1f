using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Peeps.Web.Readiness;

/// <summary>Free space on the database's file system, which the WAL, checkpoints and snapshots all draw on.</summary>
internal sealed class DiskSpaceCheck(string databasePath, ReadinessSettings settings) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var free = new DriveInfo(Path.GetDirectoryName(Path.GetFullPath(databasePath))!).AvailableFreeSpace;
        var data = new Dictionary<string, object> { ["free_bytes"] = free };
        return Task.FromResult(free < settings.MinFreeDiskBytes
            ? HealthCheckResult.Unhealthy($"{free} bytes free, below Peeps:Readiness:MinFreeDiskBytes ({settings.MinFreeDiskBytes})", data: data)
            : HealthCheckResult.Healthy($"{free} bytes free", data));
    }
}

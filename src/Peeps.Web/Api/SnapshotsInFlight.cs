using Peeps.Ingest.Snapshots;
using Peeps.Web.Concurrency;

namespace Peeps.Web.Api;

/// <summary>The slots of <see cref="SnapshotSettings.MaxInFlight"/>: a request that finds none free is refused, not queued.</summary>
public sealed class SnapshotsInFlight(SnapshotSettings settings) : Slots(settings.MaxInFlight);

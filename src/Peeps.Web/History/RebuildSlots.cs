using Peeps.Storage.History;
using Peeps.Web.Concurrency;

namespace Peeps.Web.History;

/// <summary>The slots of <see cref="HistorySettings.MaxConcurrentRebuilds"/>: a rebuild that finds none free is refused, not queued.</summary>
public sealed class RebuildSlots(HistorySettings settings) : Slots(settings.MaxConcurrentRebuilds);

namespace Peeps.Ingest.Coordination;

/// <summary>The answer to any request while a coordinator is down after a journal failure, waiting to be started again.</summary>
public sealed record CoordinatorUnavailable(string Reason);

namespace Peeps.Ingest.Cuts;

/// <summary>Where one requested connection stands in a cut. Only the first two are pending.</summary>
public enum CutMemberState
{
    AwaitingAck,

    /// <summary>Acked, but the store pipeline has not yet committed the stream up to the acked cursor.</summary>
    AwaitingCommit,

    /// <summary>Acked and committed: <c>/api/sql</c> shows this process at least at its cut cursor.</summary>
    Committed,

    /// <summary>
    /// The connection ended before the member was committed: before its ack, or, once acked, when the writer passed
    /// the connection's close or <see cref="CutSettings.DisconnectGrace"/> ran out (or the server restarted).
    /// </summary>
    Disconnected,

    /// <summary>The request could not be queued: the client was not reading its socket.</summary>
    Unreachable,
}

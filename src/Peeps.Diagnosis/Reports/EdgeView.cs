namespace Peeps.Diagnosis.Reports;

/// <summary>
/// A wait edge: <c>from</c> waits for <c>to</c>. <paramref name="Kind"/> is <c>needs</c>, <c>rpc</c> (caller's request
/// to callee's response) or <c>works_on</c> (a response to the future producing it); the last two are inferred.
/// </summary>
public sealed record EdgeView(
    long FromConnId,
    string FromEntityId,
    long ToConnId,
    string ToEntityId,
    string Kind,
    bool Inferred,
    long? WaitMs);

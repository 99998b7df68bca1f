namespace Peeps.Web.History;

/// <summary>
/// What a requested instant may be. The rebuild answers for any instant up to now (before the oldest history held,
/// processes say <c>history_not_held</c>); an instant after the server's own clock has no graph yet and is refused.
/// </summary>
public static class InstantCheck
{
    /// <returns>Why <paramref name="atNs"/> cannot be answered, or null when it can.</returns>
    public static string? Problem(long? atNs, long nowNs) => atNs switch
    {
        null => "at (unix time in nanoseconds) is required",
        <= 0 => $"at must be a positive unix time in nanoseconds (got {atNs})",
        var at when at > nowNs => $"at {at} is in the future (the server's clock reads {nowNs}); there is no graph there yet",
        _ => null,
    };
}

namespace Peeps.Testing;

/// <summary>
/// The rows that cut and snapshot requests write. A refused request must write none, but rows land a moment after
/// the answer; so a test counts, sends what must be refused, then sends one accepted cut and one accepted snapshot
/// and waits for their rows: they queue behind anything the refused requests had started.
/// </summary>
public readonly record struct CoordinationRows(long Cuts, long Snapshots)
{
    public static async Task<CoordinationRows> CountAsync(PeepsServer server) =>
        new(await server.CountAsync("select count(*) from cuts"), await server.CountAsync("select count(*) from snapshots"));

    /// <returns>The counts once the accepted cut and snapshot have landed: <paramref name="before"/> plus one each when nothing else wrote.</returns>
    public static async Task<CoordinationRows> AfterAcceptedRequestsAsync(PeepsServer server, CoordinationRows before)
    {
        await server.PostJsonAsync("/api/cuts", "{}");
        await server.PostJsonAsync("/api/snapshot", """{"timeout_ms":100}""");
        return await Eventually.Until(
            () => CountAsync(server),
            now => now.Cuts > before.Cuts && now.Snapshots > before.Snapshots,
            TimeSpan.FromSeconds(10),
            "the accepted cut's and snapshot's rows landed");
    }

    public CoordinationRows PlusOneEach() => new(Cuts + 1, Snapshots + 1);
}

namespace Peeps.Benchmarks;

/// <summary>
/// The comparisons the targets are about, made so that the machine's minute-to-minute swings cancel: in each round,
/// for every connection count in turn, a ceiling pass, the beyond-saturation ingest run and the upstream pass(es)
/// back to back. Rounds go over all connection counts before the next begins, so a noisy minute costs each count
/// at most one round rather than all the rounds of one count.
/// </summary>
public static class HeadlineComparison
{
    public static async Task<IReadOnlyList<HeadlineRound>> RunAsync(BenchOptions options, Corpus corpus, string workDirectory, Action<HeadlineRound> report)
    {
        var ceilingPath = Path.Combine(workDirectory, "ceiling.sqlite");
        var upstreamPath = Path.Combine(workDirectory, "upstream.sqlite");
        StoreResult Ceiling() => Fresh(ceilingPath, () => CeilingStrategy.Run(corpus, ceilingPath, options.MaxGroupWeight));
        StoreResult Upstream(bool upstreamSchema) => Fresh(upstreamPath, () => UpstreamStrategy.Run(corpus, upstreamPath, upstreamSchema));

        var ownSchemaAt = options.ConnectionCounts.MinBy(c => Math.Abs(c - options.TargetConnections));
        // The first pass in the process compiles the writer; counting it would flatter our ratio in round 1.
        Ceiling();
        var rounds = new List<HeadlineRound>();
        for (var round = 1; round <= options.Rounds; round++)
        {
            foreach (var connections in options.ConnectionCounts)
            {
                var ceiling = Ceiling();
                var ingest = await IngestScenario.RunAsync(options, connections, Loads.Beyond, null, workDirectory);
                var upstream = Upstream(upstreamSchema: false);
                var own = options.RunUpstreamSchema && connections == ownSchemaAt ? Upstream(upstreamSchema: true) : null;
                var result = new HeadlineRound(round, connections, ceiling, ingest, upstream, own);
                rounds.Add(result);
                report(result);
            }
        }
        return rounds;
    }

    private static StoreResult Fresh(string databasePath, Func<StoreResult> run)
    {
        StoreFiles.Delete(databasePath);
        try
        {
            return run();
        }
        finally
        {
            StoreFiles.Delete(databasePath);
        }
    }
}

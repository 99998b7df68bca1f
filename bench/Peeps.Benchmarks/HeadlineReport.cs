using System.Text;
using static Peeps.Benchmarks.MarkdownReport;

namespace Peeps.Benchmarks;

/// <summary>
/// The yardsticks and the ratios the targets are about, from the interleaved rounds: every pass and every round is
/// summarised as a median with its range, so a reader sees how much one minute of the shared machine moves them.
/// </summary>
public static class HeadlineReport
{
    public static void Render(StringBuilder md, BenchResults r)
    {
        var rounds = r.Rounds;
        var withOwn = rounds.Where(x => x.UpstreamOnItsSchema is not null).ToList();
        var strategies = new[]
        {
            rounds.Select(x => x.Ceiling).ToList(),
            rounds.Select(x => x.Upstream).ToList(),
            rounds.Select(x => x.UpstreamOnItsSchema).OfType<StoreResult>().ToList(),
        }.Where(passes => passes.Count > 0);

        md.AppendLine("### SQLite ceiling and upstream strategy (same corpus, same schema)");
        md.AppendLine();
        md.AppendLine(Inv($"The ceiling and the upstream strategy ran once in every round at every connection count ({rounds.Count} passes each, on fresh files; the ceiling also ran once before the first round, uncounted, to compile the writer){(withOwn.Count > 0 ? Inv($"; upstream's schema only in the rounds at {withOwn[0].Connections} connections") : "")}. The rate is the median pass, with the slowest and the fastest."));
        md.AppendLine();
        md.AppendLine("| strategy | passes | changes/s (median) | slowest – fastest | CPU ms / 1k changes (median) | batches | transactions | database size |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var passes in strategies)
        {
            var rate = Spread.Of(passes.Select(p => p.ChangesPerSecond));
            var cpu = Spread.Of(passes.Select(p => p.CpuMsPerThousandChanges));
            var last = passes[^1];
            md.AppendLine(Inv($"| {last.Strategy} | {rate.Count} | {rate.Median:N0} | {rate.Min:N0} – {rate.Max:N0} | {cpu.Median:0.00} | {last.Batches:N0} | {last.Transactions:N0} | {Mib(last.DatabaseBytes)} |"));
        }
        md.AppendLine();
        var ceilingOverUpstream = Spread.Of(rounds.Select(x => x.CeilingOverUpstream));
        md.AppendLine(Inv($"Ceiling / upstream, the median of the ratios within each round: **{Times(ceilingOverUpstream)}** on the same schema")
            + (withOwn.Count > 0
                ? Inv($", **{Times(Spread.Of(withOwn.Select(x => x.Ceiling.ChangesPerSecond / x.UpstreamOnItsSchema!.ChangesPerSecond)))}** against upstream on its own schema.")
                : "."));
        md.AppendLine();

        var ownSchema = withOwn.Count > 0;
        md.AppendLine("### Headline ratios (interleaved rounds)");
        md.AppendLine();
        md.AppendLine(Inv($"{RoundCount(r.Options.Rounds)}; each round runs, for every connection count in turn, a SQLite ceiling pass, the beyond-saturation ingest run at that count and an upstream pass{(ownSchema ? Inv($" (at {withOwn[0].Connections} connections, then one on upstream's schema)") : "")}, back to back, so that the three share the same minute of the shared machine. A round's ratio is the ingest run's committed rate over the rate of the ceiling (or upstream) pass of the same round. Each figure below is the **median of the per-round ratios** (with an even number of rounds, the mean of the middle two), then the lowest – highest round, then every round in order. The targets use the median."));
        md.AppendLine();
        md.AppendLine("| connections | ours, committed changes/s: median (lowest – highest) | ours / ceiling | lowest – highest | each round | ours / upstream | lowest – highest | each round |" + (ownSchema ? " ours / upstream on its schema | lowest – highest |" : ""));
        md.AppendLine("|---:|---:|---:|---:|---|---:|---:|---|" + (ownSchema ? "---:|---:|" : ""));
        foreach (var connections in r.ConnectionCounts)
        {
            var at = r.RoundsAt(connections);
            var ours = Spread.Of(at.Select(x => x.Ingest.CommittedPerSecond));
            var ofCeiling = Spread.Of(at.Select(x => x.OfCeiling));
            var ofUpstream = Spread.Of(at.Select(x => x.OfUpstream));
            var row = Inv($"| {connections} | {ours.Median:N0} ({ours.Min:N0} – {ours.Max:N0}) | **{ofCeiling.Median:P0}** | {ofCeiling.Min:P0} – {ofCeiling.Max:P0} | {string.Join(", ", at.Select(x => Inv($"{x.OfCeiling:P0}")))} ")
                + Inv($"| **{ofUpstream.Median:0.0}×** | {ofUpstream.Min:0.0}× – {ofUpstream.Max:0.0}× | {string.Join(", ", at.Select(x => Inv($"{x.OfUpstream:0.0}×")))} |");
            if (ownSchema)
            {
                var own = at.Select(x => x.OfUpstreamOnItsSchema).OfType<double>().ToList();
                row += own.Count == 0 ? " – | – |" : OwnSchemaCells(Spread.Of(own));
            }
            md.AppendLine(row);
        }
        md.AppendLine();
    }

    private static string OwnSchemaCells(Spread s) => Inv($" **{s.Median:0.0}×** | {s.Min:0.0}× – {s.Max:0.0}× |");

    public static string RoundCount(int rounds) => rounds == 1 ? "1 round" : Inv($"{rounds} rounds");

    /// <summary>A ratio's median with its range, as the targets table and the prose quote it.</summary>
    public static string Percent(Spread s) => Inv($"{s.Median:P0} (rounds {s.Min:P0} – {s.Max:P0})");

    public static string Times(Spread s) => Inv($"{s.Median:0.0}× (rounds {s.Min:0.0}× – {s.Max:0.0}×)");
}

namespace Peeps.Benchmarks;

/// <summary>One knob of a sweep: its configuration key (<c>Peeps:Ingest:MaxGroupWeight</c>) and the values to try.</summary>
public sealed record SweepKnob(string Key, IReadOnlyList<string> Values)
{
    /// <summary>Parses <c>Key=v1,v2,...</c>, the form <c>--sweep</c> takes.</summary>
    public static SweepKnob Parse(string text)
    {
        var equals = text.IndexOf('=');
        if (equals <= 0 || equals == text.Length - 1)
            throw new ArgumentException($"--sweep takes Key=value1,value2,... (got '{text}')");
        var values = text[(equals + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new SweepKnob(text[..equals], values);
    }

    public IEnumerable<string> Settings => Values.Select(v => $"{Key}={v}");
}

namespace Peeps.Ingest.Cuts;

/// <summary>Cut ids look like <c>cut:N</c>, as the reference server names them; N never repeats for a database file.</summary>
public static class CutId
{
    private const string Prefix = "cut:";

    public static string Format(long number) => Prefix + number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Only the form <see cref="Format"/> writes: <c>cut:01</c> names no cut, though it would parse as 1.</summary>
    public static bool TryParse(string cutId, out long number)
    {
        number = 0;
        return cutId.StartsWith(Prefix, StringComparison.Ordinal)
            && !cutId.AsSpan(Prefix.Length).StartsWith("0")
            && long.TryParse(cutId.AsSpan(Prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number)
            && number > 0;
    }
}

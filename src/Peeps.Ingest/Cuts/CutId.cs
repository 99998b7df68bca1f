namespace Peeps.Ingest.Cuts;

/// <summary>Cut ids look like <c>cut:N</c>, as the reference server names them; N never repeats for a database file.</summary>
public static class CutId
{
    private const string Prefix = "cut:";

    public static string Format(long number) => Prefix + number.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static bool TryParse(string cutId, out long number)
    {
        number = 0;
        return cutId.StartsWith(Prefix, StringComparison.Ordinal)
            && long.TryParse(cutId.AsSpan(Prefix.Length), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out number)
            && number > 0;
    }
}

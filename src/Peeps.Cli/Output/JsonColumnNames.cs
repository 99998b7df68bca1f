namespace Peeps.Cli.Output;

/// <summary>
/// SQL allows two columns with one name (<c>select 1 as n, 2 as n</c>); a JSON object with a repeated key loses
/// one of them in most parsers. Repeats get <c>_2</c>, <c>_3</c>… suffixes that clash with no other column.
/// </summary>
public static class JsonColumnNames
{
    public static IReadOnlyList<string> Unique(IReadOnlyList<string> columns)
    {
        var taken = new HashSet<string>(columns, StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var names = new List<string>(columns.Count);
        foreach (var column in columns)
        {
            if (seen.Add(column))
            {
                names.Add(column);
                continue;
            }
            var suffix = 2;
            while (taken.Contains($"{column}_{suffix}")) suffix++;
            var name = $"{column}_{suffix}";
            taken.Add(name);
            names.Add(name);
        }
        return names;
    }
}

using System.Text;
using Peeps.Storage.QueryPacks;

namespace Peeps.Web.Cluster;

/// <summary>
/// How a pack's rows from several shards merge into the answer one node holding all the data would give: each shard
/// runs the pack with its ORDER BY terms also selected (as leading columns, or as the output column a term names),
/// and the merged rows are sorted by those values as SQLite sorts them, then cut to the limit.
/// </summary>
public sealed class PackOrder
{
    private const string KeyPrefix = "__peeps_order_";

    private readonly IReadOnlyList<(int Column, bool Descending)> _keys;

    private PackOrder(string sql, int injected, IReadOnlyList<(int Column, bool Descending)> keys)
    {
        Sql = sql;
        Injected = injected;
        _keys = keys;
    }

    /// <summary>The pack's statement with its order terms selected in front of its own columns (no LIMIT).</summary>
    public string Sql { get; }

    /// <summary>How many leading columns the merge strips again.</summary>
    public int Injected { get; }

    /// <exception cref="InvalidOperationException">The pack's SQL has no top-level ORDER BY or SELECT to work with.</exception>
    public static PackOrder Of(QueryPack pack)
    {
        var sql = pack.Sql;
        var orderAt = LastTopLevel(sql, "ORDER BY", sql.Length) ?? throw new InvalidOperationException($"pack {pack.Name} has no top-level ORDER BY");
        var selectAt = LastTopLevel(sql, "SELECT", orderAt) ?? throw new InvalidOperationException($"pack {pack.Name} has no top-level SELECT");
        var injected = new List<string>();
        var keys = new List<(int, bool)>();
        foreach (var term in SplitTopLevel(sql[(orderAt + "ORDER BY".Length)..]))
        {
            var (expression, descending) = Direction(term);
            var output = IndexOf(pack.Columns, expression);
            if (output >= 0)
            {
                keys.Add((-1 - output, descending));
                continue;
            }
            keys.Add((injected.Count, descending));
            injected.Add($"{expression} AS {KeyPrefix}{injected.Count}");
        }
        var insertAt = selectAt + "SELECT".Length;
        var keyed = injected.Count == 0 ? sql : sql[..insertAt] + " " + string.Join(", ", injected) + "," + sql[insertAt..];
        // Output-column keys were recorded as -1 - index; they sit after the injected ones in the shard's rows.
        var resolved = keys.Select(k => (k.Item1 < 0 ? injected.Count + (-1 - k.Item1) : k.Item1, k.Item2)).ToList();
        return new PackOrder(keyed, injected.Count, resolved);
    }

    /// <summary>All shards' rows in the pack's order, at most <paramref name="limit"/>, without the injected columns.</summary>
    public List<object?[]> Merge(IEnumerable<object?[]> rows, int limit) =>
        [.. rows.Order(Comparer<object?[]>.Create(Compare)).Take(limit).Select(r => r[Injected..])];

    private int Compare(object?[] a, object?[] b)
    {
        foreach (var (column, descending) in _keys)
        {
            var order = SqliteOrder(a[column], b[column]);
            if (order != 0) return descending ? -order : order;
        }
        return 0;
    }

    /// <summary>SQLite's order of values: NULL, then numbers by value, then text by bytes (ordinal matches it outside surrogate pairs).</summary>
    private static int SqliteOrder(object? a, object? b)
    {
        var ra = Rank(a);
        var rb = Rank(b);
        if (ra != rb) return ra.CompareTo(rb);
        return a switch
        {
            null => 0,
            long la when b is long lb => la.CompareTo(lb),
            string sa => string.CompareOrdinal(sa, (string)b!),
            _ => Convert.ToDouble(a, System.Globalization.CultureInfo.InvariantCulture)
                .CompareTo(Convert.ToDouble(b, System.Globalization.CultureInfo.InvariantCulture)),
        };
    }

    private static int Rank(object? value) => value switch
    {
        null => 0,
        string => 2,
        _ => 1,
    };

    private static (string Expression, bool Descending) Direction(string term)
    {
        var trimmed = term.Trim();
        if (trimmed.EndsWith(" DESC", StringComparison.OrdinalIgnoreCase)) return (trimmed[..^5].Trim(), true);
        if (trimmed.EndsWith(" ASC", StringComparison.OrdinalIgnoreCase)) return (trimmed[..^4].Trim(), false);
        return (trimmed, false);
    }

    private static int IndexOf(IReadOnlyList<string> columns, string expression)
    {
        for (var i = 0; i < columns.Count; i++)
            if (string.Equals(columns[i], expression, StringComparison.OrdinalIgnoreCase)) return i;
        return -1;
    }

    /// <summary>The start of the last <paramref name="keyword"/> before <paramref name="end"/> outside parentheses, quotes and comments.</summary>
    private static int? LastTopLevel(string sql, string keyword, int end)
    {
        int? found = null;
        var depth = 0;
        char? quote = null;
        for (var i = 0; i < end; i++)
        {
            var c = sql[i];
            if (quote is { } q)
            {
                if (c == q) quote = null;
                continue;
            }
            if (c == '-' && i + 1 < end && sql[i + 1] == '-')
            {
                // A comment runs to the end of its line; its apostrophes and parentheses are prose.
                var newline = sql.IndexOf('\n', i);
                i = newline < 0 ? end : newline;
                continue;
            }
            switch (c)
            {
                case '\'' or '"': quote = c; break;
                case '(': depth++; break;
                case ')': depth--; break;
                default:
                    if (depth == 0 && IsWordAt(sql, i, keyword)) found = i;
                    break;
            }
        }
        return found;
    }

    private static bool IsWordAt(string sql, int i, string keyword) =>
        string.CompareOrdinal(sql, i, keyword, 0, keyword.Length) == 0
        && (i == 0 || !char.IsLetterOrDigit(sql[i - 1]) && sql[i - 1] != '_')
        && (i + keyword.Length == sql.Length || !char.IsLetterOrDigit(sql[i + keyword.Length]) && sql[i + keyword.Length] != '_');

    private static List<string> SplitTopLevel(string clause)
    {
        var terms = new List<string>();
        var current = new StringBuilder();
        var depth = 0;
        foreach (var c in clause)
        {
            if (c == '(') depth++;
            if (c == ')') depth--;
            if (c == ',' && depth == 0)
            {
                terms.Add(current.ToString());
                current.Clear();
                continue;
            }
            current.Append(c);
        }
        if (current.ToString().Trim().Length > 0) terms.Add(current.ToString());
        return terms;
    }
}

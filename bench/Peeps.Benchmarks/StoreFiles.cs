namespace Peeps.Benchmarks;

/// <summary>A SQLite database is its file plus the write-ahead log and shared-memory index beside it.</summary>
public static class StoreFiles
{
    private static readonly string[] Suffixes = ["", "-wal", "-shm"];

    public static long Size(string databasePath) =>
        Suffixes.Select(s => new FileInfo(databasePath + s)).Where(f => f.Exists).Sum(f => f.Length);

    public static void Delete(string databasePath)
    {
        foreach (var suffix in Suffixes) File.Delete(databasePath + suffix);
    }
}

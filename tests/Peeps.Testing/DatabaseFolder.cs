namespace Peeps.Testing;

/// <summary>
/// A temporary folder for one server's database file and its WAL and journal neighbours, deleted with everything in
/// it when disposed. Tests that restart a server on the same file hold one across the restarts.
/// </summary>
public sealed class DatabaseFolder : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("peeps-tests-").FullName;

    public DatabaseFolder() => DbPath = Path.Combine(_folder, "peeps.sqlite");

    public string DbPath { get; }

    // On Linux a file a pooled connection still holds open is unlinked all the same; its space is freed at close.
    public void Dispose() => Directory.Delete(_folder, recursive: true);
}

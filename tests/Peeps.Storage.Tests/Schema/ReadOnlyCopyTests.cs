using System.Security.Cryptography;
using Peeps.Storage.Export;
using Peeps.Storage.History;
using Peeps.Storage.Reading;
using Peeps.Storage.Schema;
using Peeps.Storage.Tests.Support;
using Peeps.Storage.Writing;
using static Peeps.Storage.Tests.Support.Batches;

namespace Peeps.Storage.Tests.Schema;

/// <summary>
/// A database opened read-only (<see cref="StorageSettings.ReadOnly"/>), as a copy for offline analysis is: every
/// reader works on it, and nothing is written to the file or beside it.
/// </summary>
public sealed class ReadOnlyCopyTests : IDisposable
{
    private readonly TempDatabase _db = new();

    private StorageSettings ReadOnly => _db.Options with { ReadOnly = true };

    private string Folder => Path.GetDirectoryName(_db.Options.DatabasePath)!;

    /// <summary>The file's bytes and modification time, and every file in its folder.</summary>
    private (string Hash, DateTime Modified, string Files) Fingerprint() => (
        Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(_db.Options.DatabasePath))),
        File.GetLastWriteTimeUtc(_db.Options.DatabasePath),
        string.Join(", ", Directory.EnumerateFileSystemEntries(Folder).Select(Path.GetFileName).Order(StringComparer.Ordinal)));

    private void WriteHistory()
    {
        StoreInitializer.Initialize(_db.Options);
        using var writer = _db.OpenWriter();
        writer.Write([
            new ConnectionOpened(1, 100),
            new ConnectionIdentified(1, "worker-a", 12345),
            Received(1, "p", 0, Entity(0, "a", "first"), Entity(1, "b", "second")),
        ]);
    }

    [Fact]
    public async Task A_copy_in_wal_mode_is_read_with_nothing_written_to_it_or_left_beside_it()
    {
        WriteHistory();
        var before = Fingerprint();
        Assert.Equal("peeps-web.sqlite", before.Files);

        var state = StoreInitializer.Initialize(ReadOnly);
        var rows = await new SqlQueryExecutor(ReadOnly).ExecuteAsync("select count(*) from entities");
        var graph = new GraphAtReader(ReadOnly, new CheckpointSettings()).Read(long.MaxValue - 1, null, Deadline.None);
        using (var copy = await new DatabaseExporter(ReadOnly, new ExportSettings()).TryExportAsync(ExportRange.All, CancellationToken.None))
            Assert.True(copy!.Length > 0);

        Assert.Equal(1L, state.MaxConnId);
        Assert.Equal(2L, rows.Rows[0][0]);
        Assert.Equal(2L, Assert.Single(Assert.Single(graph.Processes).Streams).NextSeqNo);
        Assert.Equal(before, Fingerprint());
    }

    [Fact]
    public void An_older_schema_is_refused_with_how_to_migrate_a_copy_and_the_file_is_untouched()
    {
        ReferenceDatabase.Create(_db.Options.DatabasePath);
        var before = Fingerprint();

        var error = Assert.Throws<UnsupportedSchemaException>(() => StoreInitializer.Initialize(ReadOnly));

        Assert.Equal(3, error.FoundVersion);
        Assert.Contains("never migrates", error.Message);
        Assert.Contains("once without --read-only, on a copy", error.Message);
        Assert.Equal(before, Fingerprint());
    }

    [Fact]
    public void A_newer_schema_is_refused_and_the_file_is_untouched()
    {
        WriteHistory();
        _db.Execute("PRAGMA user_version = 42");
        var before = Fingerprint();

        var error = Assert.Throws<UnsupportedSchemaException>(() => StoreInitializer.Initialize(ReadOnly));

        Assert.Equal(42, error.FoundVersion);
        Assert.Contains("newer", error.Message);
        Assert.Equal(before, Fingerprint());
    }

    [Fact]
    public void A_file_whose_log_still_holds_changes_is_refused_while_its_writer_is_open()
    {
        StoreInitializer.Initialize(_db.Options);
        using var writer = _db.OpenWriter();
        writer.Write([new ConnectionOpened(1, 100)]);

        var error = Assert.Throws<ReadOnlyCopyException>(() => StoreInitializer.Initialize(ReadOnly));

        Assert.Contains("-wal", error.Message);
        Assert.Contains("a server is still writing it", error.Message);
    }

    [Fact]
    public void A_missing_file_is_refused_and_not_created()
    {
        var error = Assert.Throws<ReadOnlyCopyException>(() => StoreInitializer.Initialize(ReadOnly));

        Assert.Contains("does not exist", error.Message);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Folder));
    }

    [Fact]
    public void No_writer_can_be_opened_on_a_read_only_store()
    {
        WriteHistory();
        var before = Fingerprint();

        var error = Assert.Throws<InvalidOperationException>(() => new SqliteStoreWriter(ReadOnly, new WriterSettings()));

        Assert.Contains("Peeps:ReadOnly", error.Message);
        Assert.Equal(before, Fingerprint());
    }

    public void Dispose() => _db.Dispose();
}

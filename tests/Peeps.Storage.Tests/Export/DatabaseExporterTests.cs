using Microsoft.Data.Sqlite;
using Peeps.Storage.Export;
using Peeps.Storage.Tests.Support;
using Peeps.Storage.Writing;
using static Peeps.Storage.Tests.Support.Batches;

namespace Peeps.Storage.Tests.Export;

public sealed class DatabaseExporterTests : IDisposable
{
    private readonly TempDatabase _db = new();
    private readonly string _copy = Path.Combine(Path.GetTempPath(), $"peeps-export-test-{Guid.NewGuid():N}.sqlite");

    private static DeltaBatchReceived At(ulong seq, long atNs) =>
        new(1, Batch("s", seq, seq + 2, [Entity(seq, $"e{seq}", "n"), Event(seq + 1, $"ev{seq}", seq, $"e{seq}")]), atNs);

    private async Task<long> SaveAsync(DatabaseExport export)
    {
        using (export)
        await using (var file = File.Create(_copy))
            await export.Content.CopyToAsync(file);
        return new FileInfo(_copy).Length;
    }

    private object? CopyScalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_copy};Pooling=False;Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }

    [Fact]
    public async Task A_copy_is_a_whole_database_and_leaves_no_file_behind()
    {
        using (var writer = _db.OpenWriter())
            writer.Write([.. Enumerable.Range(0, 10).Select(i => At((ulong)i * 2, 1_000 + i))]);
        var exporter = new DatabaseExporter(_db.Options, new ExportSettings());

        await SaveAsync((await exporter.TryExportAsync(ExportRange.All, CancellationToken.None))!);

        Assert.Equal("ok", CopyScalar("PRAGMA integrity_check"));
        Assert.Equal(10L, CopyScalar("SELECT count(*) FROM delta_batches"));
        Assert.Equal(10L, CopyScalar("SELECT count(*) FROM events"));
        Assert.Empty(Directory.EnumerateFiles(_db.Options.DatabasePath + ".exports"));
    }

    [Fact]
    public async Task A_range_keeps_the_history_inside_it_with_its_events_and_all_state()
    {
        using (var writer = _db.OpenWriter())
            writer.Write([.. Enumerable.Range(0, 10).Select(i => At((ulong)i * 2, 1_000 + i))]);
        var exporter = new DatabaseExporter(_db.Options, new ExportSettings());

        await SaveAsync((await exporter.TryExportAsync(new ExportRange(1_003, 1_006), CancellationToken.None))!);

        Assert.Equal(4L, CopyScalar("SELECT count(*) FROM delta_batches"));
        Assert.Equal(4L, CopyScalar("SELECT count(*) FROM events"));
        Assert.Equal(7L, CopyScalar("SELECT min(seq_no) FROM events"));
        Assert.Equal(10L, CopyScalar("SELECT count(*) FROM entities"));
        Assert.Equal(10L, _db.Scalar("SELECT count(*) FROM delta_batches"));
    }

    [Fact]
    public async Task Past_the_concurrency_bound_an_export_is_refused_until_one_is_disposed()
    {
        using (var writer = _db.OpenWriter())
            writer.Write([At(0, 1_000)]);
        var exporter = new DatabaseExporter(_db.Options, new ExportSettings { MaxConcurrent = 1 });

        var first = await exporter.TryExportAsync(ExportRange.All, CancellationToken.None);
        var refused = await exporter.TryExportAsync(ExportRange.All, CancellationToken.None);
        first!.Dispose();
        using var after = await exporter.TryExportAsync(ExportRange.All, CancellationToken.None);

        Assert.Null(refused);
        Assert.NotNull(after);
    }

    public void Dispose()
    {
        File.Delete(_copy);
        _db.Dispose();
    }
}

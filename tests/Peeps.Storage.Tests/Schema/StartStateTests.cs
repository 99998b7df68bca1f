using Peeps.Storage.Schema;
using Peeps.Storage.Tests.Support;
using Peeps.Storage.Writing;
using static Peeps.Storage.Tests.Support.Batches;

namespace Peeps.Storage.Tests.Schema;

public sealed class StartStateTests : IDisposable
{
    private readonly TempDatabase _db = new();

    private static SnapshotRecorded Snapshot(long id) => new(id, 1, 2, 5000, 1, 1, 0, Utf8("{}"));

    [Fact]
    public void Fresh_file_starts_every_id_at_zero()
    {
        Assert.Equal(new StoreStartState(7, 0, 0, 0), StoreInitializer.Initialize(_db.Options));
    }

    [Fact]
    public void High_water_marks_survive_reopening_the_file()
    {
        StoreInitializer.Initialize(_db.Options);
        using (var writer = _db.OpenWriter())
            writer.Write([
                new ConnectionOpened(1, 1), new ConnectionOpened(17, 2), new ConnectionClosed(17, 3),
                new CutRecorded("cut:2", 1), new CutRecorded("cut:10", 2), new CutRecorded("cut:9", 3),
                Snapshot(4), Snapshot(11),
            ]);

        var state = StoreInitializer.Initialize(_db.Options);

        Assert.Equal((17L, 10L, 11L), (state.MaxConnId, state.MaxCutNumber, state.MaxSnapshotId));
    }

    [Fact]
    public void Connection_ids_seen_only_in_stream_rows_still_count()
    {
        StoreInitializer.Initialize(_db.Options);
        using (var writer = _db.OpenWriter())
            writer.Write([Received(30, "p", 0, Entity(0, "a", "a"))]);

        Assert.Equal(30L, StoreInitializer.Initialize(_db.Options).MaxConnId);
    }

    [Fact]
    public void Reference_database_ids_continue_after_its_rows()
    {
        ReferenceDatabase.Create(_db.Options.DatabasePath);

        var state = StoreInitializer.Initialize(_db.Options);

        Assert.Equal((3L, 7L, 0L), (state.MaxConnId, state.MaxCutNumber, state.MaxSnapshotId));
    }

    public void Dispose() => _db.Dispose();
}

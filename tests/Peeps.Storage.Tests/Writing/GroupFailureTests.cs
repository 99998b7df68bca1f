using Microsoft.Data.Sqlite;
using Peeps.Storage.Tests.Support;
using Peeps.Storage.Writing;
using static Peeps.Storage.Tests.Support.Batches;

namespace Peeps.Storage.Tests.Writing;

public sealed class GroupFailureTests : IDisposable
{
    private readonly TempDatabase _db = new();

    [Fact]
    public void Group_that_cannot_get_the_write_lock_fails_whole_and_the_writer_recovers_once_the_lock_is_free()
    {
        using var writer = new SqliteStoreWriter(_db.Options with { BusyTimeout = TimeSpan.FromMilliseconds(100) },
            new WriterSettings { CacheSizeKiB = 2048 });
        var group = new[] { Received(1, "p", 0, Entity(0, "a", "a")) };
        using (var other = new SqliteConnection($"Data Source={_db.Options.DatabasePath};Pooling=False"))
        {
            other.Open();
            using var hold = other.BeginTransaction(deferred: false);

            Assert.Throws<StoreWriteException>(() => writer.Write(group));
        }
        Assert.Equal(0L, _db.Scalar("SELECT count(*) FROM entities"));

        var report = writer.Write(group);

        Assert.Equal(1, report.Batches);
        Assert.Equal(1L, _db.Scalar("SELECT count(*) FROM entities"));
    }

    public void Dispose() => _db.Dispose();
}

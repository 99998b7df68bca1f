using Microsoft.Data.Sqlite;
using Peeps.Storage.Sqlite;

namespace Peeps.Storage.Tests.Sqlite;

public sealed class PreparedStatementTests : IDisposable
{
    private readonly SqliteConnection _connection = new("Data Source=:memory:");

    public PreparedStatementTests()
    {
        _connection.Open();
        Raw.Exec(_connection.Handle!, "CREATE TABLE t (n INTEGER)");
    }

    public void Dispose() => _connection.Dispose();

    [Fact]
    public void A_large_bound_value_is_let_go_after_the_run_instead_of_held_until_the_next_use()
    {
        using var statement = new PreparedStatement(_connection.Handle!, "INSERT INTO t VALUES (length(?1))");
        statement.Bind(1, "small").Execute();
        var holdingSmallValue = statement.MemoryUsed;

        statement.Bind(1, new string('x', 4 * 1024 * 1024)).Execute();

        Assert.InRange(statement.MemoryUsed, 0, holdingSmallValue + 64 * 1024);
        Assert.Equal(4L * 1024 * 1024, Raw.ScalarInt64(_connection.Handle!, "SELECT max(n) FROM t"));
    }
}

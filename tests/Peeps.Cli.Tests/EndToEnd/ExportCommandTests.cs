using Microsoft.Data.Sqlite;
using static Peeps.Testing.RpcDeadlockGraphs;

namespace Peeps.Cli.Tests.EndToEnd;

/// <summary>
/// <c>peeps export</c> against the real server: the copy it writes is a whole SQLite database holding what the server
/// holds, and a time range keeps current state whole while it leaves out history outside the range.
/// </summary>
public sealed class ExportCommandTests : IAsyncLifetime, IDisposable
{
    private readonly DatabaseFolder _out = new();
    private PeepsServer _server = null!;
    private RuntimeClient _a = null!, _b = null!;
    private string Url => _server.HttpBase.ToString().TrimEnd('/');
    private string CopyPath => Path.Combine(Path.GetDirectoryName(_out.DbPath)!, "copy.sqlite");

    public async Task InitializeAsync()
    {
        _server = await PeepsServer.StartAsync();
        _a = _server.Connect();
        await _a.HandshakeAsync(A, 6201);
        _b = _server.Connect();
        await _b.HandshakeAsync(B, 6202);
        await _a.SendJsonAsync(GraphBatches.Building("proc:6201", 0, ProcessA));
        await _b.SendJsonAsync(GraphBatches.Building("proc:6202", 0, ProcessB));
        await Eventually.Until(() => _server.CountAsync("select count(*) from stream_cursors"), n => n == 2, what: "both streams committed");
    }

    public async Task DisposeAsync()
    {
        _a.Dispose();
        _b.Dispose();
        await _server.DisposeAsync();
    }

    public void Dispose() => _out.Dispose();

    [Fact]
    public async Task Export_writes_a_whole_database_with_the_servers_history_and_state()
    {
        var run = await CliRun.RunAsync("export", "--out", CopyPath, "--url", Url);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Contains($"to {CopyPath}", run.Output);
        Assert.False(File.Exists(CopyPath + ".partial"));
        Assert.Equal("ok", Scalar("PRAGMA integrity_check"));
        Assert.Equal(await _server.CountAsync("select count(*) from delta_batches"), (long)Scalar("select count(*) from delta_batches")!);
        Assert.Equal(await _server.CountAsync("select count(*) from entities"), (long)Scalar("select count(*) from entities")!);
        Assert.Equal(2L, Scalar("select count(*) from connections"));
    }

    [Fact]
    public async Task Export_since_an_instant_after_the_history_keeps_the_state_and_no_batch()
    {
        var run = await CliRun.RunAsync("export", "--out", CopyPath, "--since", "2099-01-01T00:00:00Z", "--url", Url);

        Assert.True(run.ExitCode == ExitCodes.Success, run.Error);
        Assert.Equal(0L, Scalar("select count(*) from delta_batches"));
        Assert.Equal(await _server.CountAsync("select count(*) from entities"), (long)Scalar("select count(*) from entities")!);
    }

    [Fact]
    public async Task Export_with_since_after_until_is_refused_and_writes_nothing()
    {
        var run = await CliRun.RunAsync("export", "--out", CopyPath, "--since", "1m ago", "--until", "2h ago", "--url", Url);

        Assert.NotEqual(ExitCodes.Success, run.ExitCode);
        Assert.Contains("since", run.Error);
        Assert.False(File.Exists(CopyPath));
        Assert.False(File.Exists(CopyPath + ".partial"));
    }

    private object? Scalar(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = CopyPath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}

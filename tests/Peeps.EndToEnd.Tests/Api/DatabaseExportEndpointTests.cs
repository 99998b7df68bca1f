using System.Net;
using Microsoft.Data.Sqlite;
using Peeps.Testing;

namespace Peeps.EndToEnd.Tests.Api;

public sealed class DatabaseExportEndpointTests
{
    [Fact]
    public async Task The_copy_taken_while_a_runtime_sends_is_a_consistent_database_a_server_can_open()
    {
        await using var server = await PeepsServer.StartAsync();
        using var client = server.Connect();
        await client.HandshakeAsync("exported", 9);
        using var sending = new CancellationTokenSource();
        var sender = Task.Run(async () =>
        {
            for (ulong from = 0; !sending.IsCancellationRequested; from += 10)
                await client.SendJsonAsync(SampleBatches.Upserts("proc:9", from, 10));
        });
        await Eventually.Until(() => server.CountAsync("select count(*) from delta_batches"), n => n >= 20);

        using var response = await server.Http.GetAsync("/api/db");
        await sending.CancelAsync();
        await sender;
        var copy = Path.Combine(Path.GetDirectoryName(server.DbPath)!, "copy.sqlite");
        await File.WriteAllBytesAsync(copy, await response.Content.ReadAsByteArrayAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.sqlite3", response.Content.Headers.ContentType?.MediaType);
        using (var connection = new SqliteConnection($"Data Source={copy};Pooling=False;Mode=ReadOnly"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", command.ExecuteScalar());
            // Consistent: every batch in the copy has its entities, and the cursor matches the last batch.
            command.CommandText = "select (select max(next_seq_no) from delta_batches) = (select next_seq_no from stream_cursors) and (select count(*) from entities) = (select max(next_seq_no) from delta_batches)";
            Assert.Equal(1L, command.ExecuteScalar());
        }
        await using var offline = await PeepsServer.StartAsync(copy, "Peeps:Retention:MaxAge=00:00:00");
        Assert.True(await offline.CountAsync("select count(*) from entities where conn_id in (select conn_id from connections where process_name = 'exported')") >= 20);
    }

    [Fact]
    public async Task A_range_with_since_after_until_is_a_problem()
    {
        await using var server = await PeepsServer.StartAsync();

        using var response = await server.Http.GetAsync("/api/db?since=2&until=1");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"error\"", await response.Content.ReadAsStringAsync());
    }
}

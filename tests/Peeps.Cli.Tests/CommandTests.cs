using System.Text.Json;

namespace Peeps.Cli.Tests;

public sealed class CommandTests
{
    private const string BlockersResult = """
        {"columns":["waiter_id","waiter_name","kind_json","n"],"rows":[["a1","mpsc.send","\"needs\"",3],["b2","say \"hi\", bye",null,1.5]],"row_count":2}
        """;

    [Fact]
    public async Task Sql_posts_the_statement_and_prints_an_aligned_table()
    {
        using var server = new FakeHttpServer(_ => FakeHttpServer.Json(BlockersResult));

        var run = await CliRun.RunAsync("sql", "select 1", "--url", server.Url);

        Assert.Equal(0, run.ExitCode);
        var request = Assert.Single(server.Requests);
        Assert.Equal(("POST", "/api/sql"), (request.Method, request.Path));
        Assert.Equal("select 1", JsonDocument.Parse(request.Body).RootElement.GetProperty("sql").GetString());
        var lines = run.Output.Split('\n').Select(l => l.TrimEnd()).Where(l => l.Length > 0).ToList();
        var header = lines.First(l => l.Contains("waiter_id"));
        var row = lines.First(l => l.Contains("a1"));
        Assert.Equal(header.IndexOf("waiter_name", StringComparison.Ordinal), row.IndexOf("mpsc.send", StringComparison.Ordinal));
        Assert.Contains("NULL", run.Output);
        Assert.Contains("(2 rows)", run.Output);
    }

    [Fact]
    public async Task Query_sends_pack_name_and_limit_and_prints_json_objects()
    {
        using var server = new FakeHttpServer(_ => FakeHttpServer.Json(BlockersResult));

        var run = await CliRun.RunAsync("query", "blockers", "--limit", "7", "--format", "json", "--url", server.Url);

        Assert.Equal(0, run.ExitCode);
        var body = JsonDocument.Parse(Assert.Single(server.Requests).Body).RootElement;
        Assert.Equal(("blockers", 7), (body.GetProperty("name").GetString(), body.GetProperty("limit").GetInt32()));
        var rows = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(2, rows.GetArrayLength());
        Assert.Equal("mpsc.send", rows[0].GetProperty("waiter_name").GetString());
        Assert.Equal(3, rows[0].GetProperty("n").GetInt32());
        Assert.Equal(JsonValueKind.Null, rows[1].GetProperty("kind_json").ValueKind);
    }

    [Fact]
    public async Task Query_limit_defaults_to_50()
    {
        using var server = new FakeHttpServer(_ => FakeHttpServer.Json(BlockersResult));

        await CliRun.RunAsync("query", "stale-blockers", "--url", server.Url);

        Assert.Equal(50, JsonDocument.Parse(Assert.Single(server.Requests).Body).RootElement.GetProperty("limit").GetInt32());
    }

    [Fact]
    public async Task Csv_quotes_fields_with_commas_or_quotes_and_leaves_nulls_empty()
    {
        using var server = new FakeHttpServer(_ => FakeHttpServer.Json(BlockersResult));

        var run = await CliRun.RunAsync("query", "blockers", "--format", "csv", "--url", server.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal(
            ["waiter_id,waiter_name,kind_json,n", "a1,mpsc.send,\"\"\"needs\"\"\",3", "b2,\"say \"\"hi\"\", bye\",,1.5"],
            run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\r')));
    }

    [Fact]
    public async Task Url_comes_from_PEEPS_URL_when_not_given()
    {
        using var server = new FakeHttpServer(_ => FakeHttpServer.Json("""{"connected_processes":0,"processes":[]}"""));

        var run = await CliRun.RunWithEnvironmentAsync(new Dictionary<string, string> { ["PEEPS_URL"] = server.Url }, "connections");

        Assert.Equal(0, run.ExitCode);
        Assert.Single(server.Requests);
        Assert.Contains("0 connected processes", run.Output);
    }

    [Fact]
    public async Task Connections_lists_each_process()
    {
        using var server = new FakeHttpServer(_ => FakeHttpServer.Json("""
            {"connected_processes":2,"processes":[{"conn_id":1,"process_name":"worker-a","pid":12345},{"conn_id":2,"process_name":"worker-b","pid":12346}]}
            """));

        var run = await CliRun.RunAsync("connections", "--url", server.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("/api/connections", Assert.Single(server.Requests).Path);
        Assert.Contains("worker-a", run.Output);
        Assert.Contains("12346", run.Output);
        Assert.Contains("2 connected processes", run.Output);
    }

    [Fact]
    public async Task Cut_polls_until_no_connection_is_pending_with_progress_on_stderr_and_the_result_on_stdout()
    {
        var polls = 0;
        using var server = new FakeHttpServer(request => request.Method == "POST"
            ? FakeHttpServer.Json("""{"cut_id":"cut:1","requested_at_ns":1,"requested_connections":2}""")
            : Interlocked.Increment(ref polls) < 3
                ? FakeHttpServer.Json("""{"cut_id":"cut:1","requested_at_ns":1,"pending_connections":1,"acked_connections":1,"pending_conn_ids":[2]}""")
                : FakeHttpServer.Json("""{"cut_id":"cut:1","requested_at_ns":1,"pending_connections":0,"acked_connections":2,"pending_conn_ids":[]}"""));

        var run = await CliRun.RunAsync("cut", "--poll-ms", "10", "--url", server.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("/api/cuts/cut:1", server.Requests[1].Path);
        Assert.Equal(["cut:1: 1 acked, 1 pending", "cut:1: 2 acked, 0 pending"], run.ErrorLines.Take(2));
        Assert.StartsWith("cut:1 complete: 2/2", run.ErrorLines[2]);
        Assert.Equal("""
            {
              "cut_id": "cut:1",
              "requested_at_ns": 1,
              "pending_connections": 0,
              "acked_connections": 2,
              "pending_conn_ids": []
            }
            """, run.Output.TrimEnd().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Cut_that_never_completes_times_out_with_one_line_naming_the_pending_connections()
    {
        using var server = new FakeHttpServer(request => request.Method == "POST"
            ? FakeHttpServer.Json("""{"cut_id":"cut:4","requested_at_ns":1,"requested_connections":2}""")
            : FakeHttpServer.Json("""{"cut_id":"cut:4","requested_at_ns":1,"pending_connections":1,"acked_connections":1,"pending_conn_ids":[2]}"""));

        var run = await CliRun.RunAsync("cut", "--poll-ms", "20", "--timeout-ms", "200", "--url", server.Url);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.PeepsLines);
        Assert.Contains("timed out", line);
        Assert.Contains("conn_ids 2", line);
        Assert.Empty(run.Output);
    }

    private const string SnapshotBody = """
        {"captured_at_unix_ms":1739800000123,"processes":[{"process_id":1,"process_name":"worker-a","pid":12345,"ptime_now_ms":5000,
        "snapshot":{"entities":[{"id":"a"},{"id":"b"},{"id":"c"}],"scopes":[],"edges":[{"src":"a","dst":"b","kind":"needs","meta":null}],"events":[]}}],
        "timed_out_processes":[{"process_id":2,"process_name":"worker-b","pid":12346}]}
        """;

    [Fact]
    public async Task Snapshot_summarizes_each_process_and_names_the_timed_out_pids()
    {
        using var server = new FakeHttpServer(_ => FakeHttpServer.Json(SnapshotBody));

        var run = await CliRun.RunAsync("snapshot", "--url", server.Url);

        Assert.Equal(0, run.ExitCode);
        var row = run.Output.Split('\n').First(l => l.Contains("worker-a"));
        Assert.Equal(["1", "worker-a", "12345", "5000", "3", "0", "1", "0"], row.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("timed out: worker-b (pid 12346)", run.Output);
    }

    [Fact]
    public async Task Snapshot_out_writes_the_servers_json_to_the_file()
    {
        using var server = new FakeHttpServer(_ => FakeHttpServer.Json(SnapshotBody));
        var path = Path.Combine(Path.GetTempPath(), $"peeps-snapshot-{Guid.NewGuid():N}.json");
        try
        {
            var run = await CliRun.RunAsync("snapshot", "--out", path, "--url", server.Url);

            Assert.Equal(0, run.ExitCode);
            Assert.Equal(SnapshotBody, await File.ReadAllTextAsync(path));
            Assert.Contains(path, run.Output);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Sim_runs_for_its_duration_against_the_ingest_port_and_prints_a_summary()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var accepted = new List<System.Net.Sockets.TcpClient>();
        var accepting = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++) accepted.Add(await listener.AcceptTcpClientAsync());
        });
        try
        {
            var run = await CliRun.RunAsync("sim", "--url-tcp", $"127.0.0.1:{port}", "--processes", "2", "--duration", "0.6", "--seed", "3");

            Assert.Equal(0, run.ExitCode);
            await accepting.WaitAsync(TimeSpan.FromSeconds(5));
            Assert.Contains("sim-0", run.Output);
            Assert.Contains("41001", run.Output);
            Assert.StartsWith("simulating 2 process(es)", run.Error);
            Assert.DoesNotContain("simulating", run.Output);
        }
        finally
        {
            listener.Stop();
            foreach (var client in accepted) client.Dispose();
        }
    }
}

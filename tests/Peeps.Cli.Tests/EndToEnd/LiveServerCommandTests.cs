using System.Text.Json;

namespace Peeps.Cli.Tests.EndToEnd;

/// <summary>The CLI against the real server fed by simulated runtimes: what a user sees, and the exit codes scripts rely on.</summary>
public sealed class LiveServerCommandTests(SimulatedServer live) : IClassFixture<SimulatedServer>
{
    private const string LiveProcesses =
        "select conn_id, process_name, pid from connections where disconnected_at_ns is null order by process_name";

    private static readonly string[] ProcessNames = ["e2e-0", "e2e-1", "e2e-2"];

    [Fact]
    public async Task Connections_lists_every_simulated_process_with_its_pid()
    {
        var run = await CliRun.RunAsync("connections", "--url", live.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Error);
        foreach (var runtime in live.Runtimes)
        {
            var line = Assert.Single(Lines(run.Output), l => l.Contains(runtime.Name));
            Assert.Contains(runtime.Pid.ToString(), line);
        }
        Assert.Contains($"{SimulatedServer.ProcessCount} connected processes", run.Output);
    }

    [Fact]
    public async Task Sql_prints_an_aligned_table_with_a_row_count()
    {
        var run = await CliRun.RunAsync("sql", LiveProcesses, "--url", live.Url);

        Assert.Equal(0, run.ExitCode);
        var lines = Lines(run.Output);
        var header = Assert.Single(lines, l => l.Contains("process_name"));
        var column = header.IndexOf("process_name", StringComparison.Ordinal);
        foreach (var name in ProcessNames)
            Assert.Equal(column, Assert.Single(lines, l => l.Contains(name)).IndexOf(name, StringComparison.Ordinal));
        Assert.Contains("(3 rows)", run.Output);
    }

    [Fact]
    public async Task Sql_over_the_servers_row_bound_fails_with_its_one_line_reason_and_exit_code_1()
    {
        const string tooMany = "with recursive n(i) as (select 1 union all select i + 1 from n where i < 10001) select i from n";

        var run = await CliRun.RunAsync("sql", tooMany, "--url", live.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.Output);
        var line = Assert.Single(Lines(run.Error));
        Assert.Contains("Peeps:Sql:MaxRows", line);
        Assert.Contains("LIMIT", line);
    }

    [Fact]
    public async Task Sql_json_format_prints_one_object_per_row()
    {
        var run = await CliRun.RunAsync("sql", LiveProcesses, "--format", "json", "--url", live.Url);

        Assert.Equal(0, run.ExitCode);
        var rows = JsonDocument.Parse(run.Output).RootElement.EnumerateArray().ToList();
        Assert.Equal(ProcessNames, rows.Select(r => r.GetProperty("process_name").GetString()));
        Assert.Equal(live.Runtimes.Select(r => r.Pid).Order(), rows.Select(r => r.GetProperty("pid").GetUInt32()));
    }

    [Fact]
    public async Task Sql_csv_format_prints_a_header_then_one_line_per_row()
    {
        var run = await CliRun.RunAsync("sql", LiveProcesses, "--format", "csv", "--url", live.Url);

        Assert.Equal(0, run.ExitCode);
        var lines = Lines(run.Output);
        Assert.Equal("conn_id,process_name,pid", lines[0]);
        Assert.Equal(ProcessNames, lines.Skip(1).Select(l => l.Split(',')[1]));
    }

    [Fact]
    public async Task Query_channel_pressure_shows_the_simulated_channels()
    {
        var run = await CliRun.RunAsync("query", "channel-pressure", "--format", "json", "--url", live.Url);

        Assert.Equal(0, run.ExitCode);
        var rows = JsonDocument.Parse(run.Output).RootElement.EnumerateArray().ToList();
        var bounded = rows.Where(r => r.GetProperty("capacity").ValueKind == JsonValueKind.Number).ToList();
        Assert.NotEmpty(bounded);
        Assert.All(bounded, r => Assert.InRange(r.GetProperty("utilization").GetDouble(), 0, 1));
        // Unbounded channels have no capacity, so no utilization either.
        Assert.All(rows.Except(bounded), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("utilization").ValueKind));
    }

    [Fact]
    public async Task Query_channel_pressure_table_has_the_pack_columns()
    {
        var run = await CliRun.RunAsync("query", "channel-pressure", "--limit", "2", "--url", live.Url);

        Assert.Equal(0, run.ExitCode);
        var header = Assert.Single(Lines(run.Output), l => l.Contains("entity_id"));
        Assert.Equal(["entity_id", "name", "capacity", "occupancy", "utilization"], header.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("(2 rows)", run.Output);
    }

    [Fact]
    public async Task Sql_that_writes_fails_with_the_servers_error_on_one_line()
    {
        var run = await CliRun.RunAsync("sql", "delete from entities", "--url", live.Url);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("peeps: ", line);
        Assert.Contains("400", line);
        Assert.Contains("DELETE", line);
        Assert.Empty(run.Output);
    }

    [Fact]
    public async Task Sql_with_a_syntax_error_fails_with_sqlites_message()
    {
        var run = await CliRun.RunAsync("sql", "select from where", "--url", live.Url);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("syntax error", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task Unknown_query_pack_fails_listing_the_valid_names()
    {
        var run = await CliRun.RunAsync("query", "no-such-pack", "--url", live.Url);

        Assert.Equal(1, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.Contains("unknown query pack 'no-such-pack'", line);
        Assert.Contains("channel-pressure", line);
    }

    [Fact]
    public async Task Cut_completes_with_every_process_acked_and_exit_code_0()
    {
        var run = await CliRun.RunAsync("cut", "--poll-ms", "20", "--url", live.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Matches(@"^cut:\d+ complete: 3/3 connections acked in \d+ ms$", run.ErrorLines[^1]);
    }

    [Fact]
    public async Task Cut_prints_the_final_status_as_the_servers_json_like_upstreams_cli()
    {
        var run = await CliRun.RunAsync("cut", "--poll-ms", "20", "--timeout-ms", "5000", "--url", live.Url);

        Assert.Equal(0, run.ExitCode);
        using var printed = System.Text.Json.JsonDocument.Parse(run.Output);
        var cutId = printed.RootElement.GetProperty("cut_id").GetString();
        var stored = await live.Server.GetJsonAsync($"/api/cuts/{cutId}");
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(stored), System.Text.Json.JsonSerializer.Serialize(printed.RootElement));
        Assert.Equal(0, printed.RootElement.GetProperty("pending_connections").GetInt32());
        Assert.Contains("\n  \"cut_id\": ", run.Output.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Cut_reports_how_long_it_took_by_the_servers_clock()
    {
        var run = await CliRun.RunAsync("cut", "--poll-ms", "20", "--url", live.Url);

        var match = System.Text.RegularExpressions.Regex.Match(run.ErrorLines[^1], @"^(cut:\d+) complete: .* in (\d+) ms$");
        Assert.True(match.Success, run.ErrorLines[^1]);
        var cut = await live.Server.GetJsonAsync($"/api/cuts/{match.Groups[1].Value}");
        var tookNs = cut.GetProperty("completed_at_ns").GetInt64() - cut.GetProperty("requested_at_ns").GetInt64();
        Assert.Equal((tookNs / 1e6).ToString("0"), match.Groups[2].Value);
    }

    [Fact]
    public async Task Cut_progress_lines_go_to_stderr_and_end_with_nothing_pending()
    {
        var run = await CliRun.RunAsync("cut", "--poll-ms", "20", "--url", live.Url);

        Assert.Equal(0, run.ExitCode);
        var progress = run.ErrorLines.SkipLast(1).ToList();
        Assert.NotEmpty(progress);
        Assert.All(progress, line => Assert.Matches(@"^cut:\d+: \d acked, \d pending$", line));
        Assert.EndsWith(": 3 acked, 0 pending", progress[^1]);
        // A line per change: acks only arrive, and a connection stops being pending once its ack is committed.
        var counts = progress.Select(l => l.Split(": ")[1].Split(' ')).Select(w => (Acked: int.Parse(w[0]), Pending: int.Parse(w[2]))).ToList();
        Assert.Equal(counts.Select(c => c.Acked).Order(), counts.Select(c => c.Acked));
        Assert.Equal(counts.Select(c => c.Pending).OrderDescending(), counts.Select(c => c.Pending));
        Assert.Equal(counts.Distinct(), counts);
    }

    [Fact]
    public async Task Snapshot_prints_one_summary_row_per_process()
    {
        var run = await CliRun.RunAsync("snapshot", "--url", live.Url);

        Assert.Equal(0, run.ExitCode);
        var lines = Lines(run.Output);
        foreach (var runtime in live.Runtimes)
        {
            var cells = Assert.Single(lines, l => l.Contains(runtime.Name)).Split(' ', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(runtime.Pid.ToString(), cells[2]);
            Assert.True(int.Parse(cells[4]) > 0, $"{runtime.Name} reported no entities");
        }
        Assert.Contains("3 process(es) replied", run.Output);
    }

    [Fact]
    public async Task Snapshot_out_writes_the_servers_json_with_every_process_state()
    {
        var path = Path.Combine(Path.GetTempPath(), $"peeps-snapshot-{Guid.NewGuid():N}.json");
        try
        {
            var run = await CliRun.RunAsync("snapshot", "--out", path, "--url", live.Url);

            Assert.Equal(0, run.ExitCode);
            Assert.Contains(path, run.Output);
            var snapshot = JsonDocument.Parse(await File.ReadAllTextAsync(path)).RootElement;
            var processes = snapshot.GetProperty("processes").EnumerateArray().ToList();
            Assert.Equal(ProcessNames, processes.Select(p => p.GetProperty("process_name").GetString()).Order());
            Assert.All(processes, p => Assert.NotEqual(0, p.GetProperty("snapshot").GetProperty("entities").GetArrayLength()));
            Assert.Empty(snapshot.GetProperty("timed_out_processes").EnumerateArray());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Snapshot_strict_exits_0_when_every_process_replied()
    {
        var run = await CliRun.RunAsync("snapshot", "--strict", "--url", live.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(run.Error);
        Assert.Contains("3 process(es) replied", run.Output);
    }

    [Fact]
    public async Task Url_comes_from_PEEPS_URL_when_no_url_option_is_given()
    {
        var run = await CliRun.RunWithEnvironmentAsync(new Dictionary<string, string> { ["PEEPS_URL"] = live.Url }, "connections");

        Assert.Equal(0, run.ExitCode);
        foreach (var name in ProcessNames) Assert.Single(run.OutputLines, l => l.Contains(name));
        Assert.Contains($"{SimulatedServer.ProcessCount} connected processes", run.Output);
    }

    [Fact]
    public async Task Url_option_wins_over_PEEPS_URL()
    {
        var run = await CliRun.RunWithEnvironmentAsync(
            new Dictionary<string, string> { ["PEEPS_URL"] = "http://127.0.0.1:9" }, "connections", "--url", live.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"{SimulatedServer.ProcessCount} connected processes", run.Output);
    }

    [Fact]
    public async Task Json_format_suffixes_repeated_column_names_and_prints_non_ascii_and_markup_as_is()
    {
        var run = await CliRun.RunAsync("sql", "select 1 as n, 2 as n, 3 as n_2, 'café <b> & \"q\"' as s", "--format", "json", "--url", live.Url);

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("café <b> & \\\"q\\\"", run.Output);
        var row = Assert.Single(JsonDocument.Parse(run.Output).RootElement.EnumerateArray());
        Assert.Equal(["n", "n_3", "n_2", "s"], row.EnumerateObject().Select(p => p.Name));
        Assert.Equal([1, 2, 3], new[] { "n", "n_3", "n_2" }.Select(name => row.GetProperty(name).GetInt32()));
        Assert.Equal("café <b> & \"q\"", row.GetProperty("s").GetString());
    }

    private static List<string> Lines(string output) =>
        [.. output.Split('\n').Select(l => l.TrimEnd('\r', ' ')).Where(l => l.Length > 0)];

    [Fact]
    public async Task Upstreams_sql_query_form_prints_the_servers_answer_as_indented_json()
    {
        var run = await CliRun.RunAsync("sql", "--url", live.Url, "--query", "select 1 as one, 'x' as two");

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("{\n  \"columns\": [\n    \"one\",\n    \"two\"\n  ],\n  \"rows\": [\n    [\n      1,\n      \"x\"\n    ]\n  ],\n  \"row_count\": 1\n}",
            run.Output.Trim().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Upstreams_query_name_form_prints_the_servers_answer_as_indented_json()
    {
        var run = await CliRun.RunAsync("query", "--name", "blockers", "--limit", "20", "--url", live.Url);

        Assert.Equal(0, run.ExitCode);
        using var answer = System.Text.Json.JsonDocument.Parse(run.Output);
        Assert.Equal(["waiter_id", "waiter_name", "blocked_on_id", "blocked_on_name", "kind_json"],
            answer.RootElement.GetProperty("columns").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(answer.RootElement.GetProperty("rows").GetArrayLength(), answer.RootElement.GetProperty("row_count").GetInt32());
        Assert.Contains("\n  \"columns\": [", run.Output.ReplaceLineEndings("\n"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sql")]
    [InlineData("sql", "select 1", "--query", "select 2")]
    [InlineData("query")]
    [InlineData("query", "blockers", "--name", "blockers")]
    public async Task A_statement_or_pack_given_neither_or_both_ways_is_a_bad_argument(params string[] args)
    {
        var run = await CliRun.RunAsync([.. args, "--url", live.Url]);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("once", run.Error, StringComparison.Ordinal);
    }
}

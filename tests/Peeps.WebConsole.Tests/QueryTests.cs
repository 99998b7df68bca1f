using System.Net.Http.Json;
using System.Text.Json;
using Peeps.Storage.QueryPacks;
using static Microsoft.Playwright.Assertions;

namespace Peeps.WebConsole.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class QueryTests(ConsoleFixture fixture)
{
    [Fact]
    public async Task Query_pack_shows_its_rows_in_a_table()
    {
        await using var console = await ConsolePage.OpenAsync(fixture, "#queries");
        await console.Page.SelectOptionAsync("#pack-name", "channel-pressure");

        await console.Page.ClickAsync("#pack-form button[type=submit]");

        var table = console.Page.Locator("#query-results table");
        await Expect(table.Locator("thead th")).ToContainTextAsync(["entity_id", "name", "capacity", "occupancy", "utilization"]);
        await Expect(table.Locator("tbody tr").First).ToBeVisibleAsync();
        await Expect(table.Locator($"tbody tr:has-text(\"{SaturatedRuntime.ChannelName}\")").First).ToBeVisibleAsync();
        await Expect(console.Page.Locator("#query-summary")).ToContainTextAsync("query pack channel-pressure:");
        await Expect(console.Page.Locator("#query-error")).ToBeHiddenAsync();
        await Screenshots.SaveAsync(console.Page, "query-pack");
        console.AssertStayedLocalAndQuiet();
    }

    [Fact]
    public async Task Every_query_pack_in_the_server_catalogue_is_offered_and_shows_its_columns_without_error()
    {
        await using var console = await ConsolePage.OpenAsync(fixture, "#queries");

        // The list is the console's own; comparing it with the server's catalogue catches either one drifting.
        var offered = await console.Page.Locator("#pack-name option").EvaluateAllAsync<string[]>("options => options.map(o => o.value)");
        Assert.Equal(QueryPackCatalog.Named.Select(p => p.Name), offered);

        foreach (var pack in QueryPackCatalog.Named)
        {
            await console.Page.SelectOptionAsync("#pack-name", pack.Name);
            await console.Page.ClickAsync("#pack-form button[type=submit]");

            await Expect(console.Page.Locator("#query-summary")).ToContainTextAsync($"query pack {pack.Name}:");
            await Expect(console.Page.Locator("#query-results thead th")).ToHaveTextAsync([.. pack.Columns]);
            await Expect(console.Page.Locator("#query-error")).ToBeHiddenAsync();
        }
        console.AssertStayedLocalAndQuiet();
    }

    [Fact]
    public async Task Free_sql_shows_the_rows_the_server_returns()
    {
        await using var console = await ConsolePage.OpenAsync(fixture, "#queries");
        await console.Page.FillAsync("#sql-text", $"select process_name, pid from connections where pid = {SaturatedRuntime.Pid}");

        await console.Page.PressAsync("#sql-text", "Control+Enter");

        await Expect(console.Page.Locator("#query-results thead th")).ToHaveTextAsync(["process_name", "pid"]);
        await Expect(console.Page.Locator("#query-results tbody tr").First.Locator("td")).ToHaveTextAsync([SaturatedRuntime.ProcessName, SaturatedRuntime.Pid.ToString()]);
        console.AssertStayedLocalAndQuiet();
    }

    [Fact]
    public async Task Free_sql_error_is_shown_as_the_server_reports_it()
    {
        const string sql = "delete from connections";
        using var direct = await fixture.Server.Http.PostAsJsonAsync("/api/sql", new { sql });
        var serverMessage = JsonDocument.Parse(await direct.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()!;
        await using var console = await ConsolePage.OpenAsync(fixture, "#queries");
        await console.Page.FillAsync("#sql-text", sql);

        await console.Page.ClickAsync("#sql-form button[type=submit]");

        var error = console.Page.Locator("#query-error");
        await Expect(error).ToBeVisibleAsync();
        await Expect(error).ToContainTextAsync(serverMessage);
        await Expect(error).ToContainTextAsync($"HTTP {(int)direct.StatusCode}");
        await Expect(console.Page.Locator("#query-results table")).ToHaveCountAsync(0);
        await Screenshots.SaveAsync(console.Page, "sql-error");
        // Chromium logs every non-2xx response as a console error; the refused SQL is the point of the test.
        console.AssertStayedLocalAndQuietExceptFailedRequestTo("/api/sql");
    }
}

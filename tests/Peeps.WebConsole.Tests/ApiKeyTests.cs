using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Peeps.Simulator;
using static Microsoft.Playwright.Assertions;

namespace Peeps.WebConsole.Tests;

/// <summary>The console against a server started with <c>Peeps:ApiKey</c>: the page loads, the API needs the key.</summary>
[Collection(ConsoleCollection.Name)]
public sealed class ApiKeyTests(ConsoleFixture fixture)
{
    private const string Key = "console-test-key";
    private const string ProcessPrefix = "keyed";
    private const int Processes = 2;

    private static async Task ExpectLiveAsync(ConsolePage console)
    {
        await Expect(console.Page.Locator("#live-status")).ToHaveTextAsync("live");
        await Expect(console.Page.Locator("#live-status")).ToHaveAttributeAsync("class", "live-status live");
    }

    [Fact]
    public async Task Console_asks_for_the_key_refuses_a_wrong_one_visibly_and_with_the_right_one_shows_live_processes_and_runs_a_query_pack()
    {
        await using var server = await PeepsServer.StartAsync(settings: [$"Peeps:ApiKey={Key}"]);
        await using var simulation = Simulation.Start(new SimulatorSettings
        {
            Host = server.Ingest.Address.ToString(),
            Port = server.Ingest.Port,
            ProcessCount = Processes,
            NamePrefix = ProcessPrefix,
            EntityCount = 30,
            ChangesPerSecond = 20,
        });
        await simulation.WaitForAllConnectedAsync().WaitAsync(TimeSpan.FromSeconds(15));
        using (var page = await server.Http.GetAsync("/"))
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        server.Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Key);
        await Eventually.Until(() => server.GetJsonAsync("/api/connections"), c => c.GetProperty("connected_processes").GetInt32() == Processes,
            TimeSpan.FromSeconds(15), "the simulated runtimes registered");

        await using var console = await ConsolePage.OpenAsync(fixture.Browser, server.HttpBase);
        var urls = new List<string>();
        console.Page.Request += (_, request) => { lock (urls) urls.Add(request.Url); };
        var dialog = console.Page.Locator("#api-key-dialog");
        var message = console.Page.Locator("#api-key-message");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(message).ToContainTextAsync("requires an API key");

        await console.Page.FillAsync("#api-key-input", "not-the-key");
        await console.Page.ClickAsync("#api-key-form button[type=submit]");
        await Expect(message).ToContainTextAsync("not accepted");
        await Expect(message).ToContainTextAsync("the API key is not valid");
        await Expect(message).ToHaveClassAsync(new Regex(@"\berror\b"));
        await Expect(dialog).ToBeVisibleAsync();
        await Screenshots.SaveAsync(console.Page, "api-key-refused");

        var streamRequest = console.Page.WaitForRequestAsync(
            r => new Uri(r.Url).AbsolutePath == "/api/connections/stream" && r.Headers.GetValueOrDefault("authorization") == $"Bearer {Key}");
        await console.Page.FillAsync("#api-key-input", Key);
        await console.Page.ClickAsync("#api-key-form button[type=submit]");
        await streamRequest;
        await Expect(dialog).ToBeHiddenAsync();
        await ExpectLiveAsync(console);
        await Expect(console.Page.Locator("#process-list li")).ToHaveCountAsync(Processes);
        foreach (var runtime in simulation.Runtimes)
            await Expect(console.Page.Locator($"#process-list li[data-pid=\"{runtime.Pid}\"]")).ToContainTextAsync(runtime.Name);

        await console.Page.ClickAsync("#tab-queries");
        await console.Page.SelectOptionAsync("#pack-name", "channel-health");
        await console.Page.ClickAsync("#pack-form button[type=submit]");
        await Expect(console.Page.Locator("#query-results thead th")).ToContainTextAsync(["entity_id", "name", "lifecycle", "capacity", "occupancy"]);
        await Expect(console.Page.Locator("#query-results tbody tr").First).ToBeVisibleAsync();
        await Expect(console.Page.Locator("#query-summary")).ToContainTextAsync("query pack channel-health:");
        await Expect(console.Page.Locator("#query-error")).ToBeHiddenAsync();

        // Kept for the tab: a reload goes straight to the live list without asking again.
        await console.Page.ReloadAsync();
        await ExpectLiveAsync(console);
        await Expect(dialog).ToBeHiddenAsync();
        Assert.Equal(Key, await console.Page.EvaluateAsync<string>("sessionStorage.getItem('peeps.apiKey')"));
        lock (urls) Assert.DoesNotContain(urls, url => url.Contains(Key, StringComparison.Ordinal));
        // Chromium logs each 401 as a console error; they are how the console learns it needs the key.
        console.AssertStayedLocalAndQuiet("status of 401");
    }
}

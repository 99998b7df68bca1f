using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Peeps.Web;
using Peeps.Web.Hosting;

namespace Peeps.Testing;

/// <summary>
/// The real peeps-web host (Kestrel, Akka, SQLite file) on free loopback ports, for end-to-end tests.
/// Without a database path it makes its own <see cref="DatabaseFolder"/> and deletes it on dispose; a test that
/// restarts a server on the same file passes the path of a folder it holds itself.
/// </summary>
public sealed class PeepsServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly DatabaseFolder? _ownFolder;
    private Task? _stopping;

    private readonly IPEndPoint? _ingest;

    private PeepsServer(WebApplication app, string dbPath, DatabaseFolder? ownFolder, Uri http, IPEndPoint? ingest)
    {
        _app = app;
        _ownFolder = ownFolder;
        DbPath = dbPath;
        HttpBase = http;
        _ingest = ingest;
        Http = new HttpClient { BaseAddress = http, Timeout = TimeSpan.FromSeconds(30) };
    }

    public string DbPath { get; }

    public Uri HttpBase { get; }

    public IPEndPoint Ingest => _ingest ?? throw new InvalidOperationException("a read-only server (Peeps:ReadOnly) has no ingest port");

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <param name="settings">Extra configuration as <c>key=value</c> (e.g. <c>Peeps:Ingest:HandshakeTimeout=00:00:01</c>).</param>
    public static async Task<PeepsServer> StartAsync(string? dbPath = null, params string[] settings)
    {
        var ownFolder = dbPath is null ? new DatabaseFolder() : null;
        dbPath ??= ownFolder!.DbPath;
        WebApplication? app = null;
        try
        {
            string[] args =
            [
                "--Peeps:Listen=127.0.0.1:0",
                "--Peeps:Http=127.0.0.1:0",
                $"--Peeps:Db={dbPath}",
                "--Logging:LogLevel:Default=Warning",
                .. settings.Select(s => $"--{s}"),
            ];
            app = PeepsApp.Build(args);
            await app.StartAsync();
            var ingest = app.Services.GetRequiredService<ReadOnlyMode>().Enabled
                ? null
                : await app.Services.GetRequiredService<IngestEndpoint>().Bound.WaitAsync(TimeSpan.FromSeconds(10));
            return new PeepsServer(app, dbPath, ownFolder, new Uri(app.Urls.First()), ingest);
        }
        catch
        {
            if (app is not null)
                await AbandonAsync(app);
            ownFolder?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// A start that failed part-way (say, the ingest port never bound) may have left Kestrel and Akka running; they
    /// are stopped before the folder goes.
    /// </summary>
    private static async Task AbandonAsync(WebApplication app)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            await app.StopAsync(timeout.Token);
        }
        catch (Exception)
        {
            // The start's own failure, rethrown by the caller, is the one the test should report.
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    public RuntimeClient Connect() => RuntimeClient.Connect(Ingest);

    public async Task<SqlRows> SqlAsync(string sql)
    {
        using var response = await Http.PostAsJsonAsync("/api/sql", new { sql });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"SQL failed ({(int)response.StatusCode}): {body}");
        return SqlRows.Parse(body);
    }

    public async Task<long> CountAsync(string sqlReturningOneNumber) =>
        (await SqlAsync(sqlReturningOneNumber)).Rows[0][0].GetInt64();

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    public async Task<JsonElement> PostJsonAsync(string path, string json)
    {
        using var response = await Http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>
    /// Stops the host; the database file stays for a restart. Stopping happens once: a later call, or the dispose
    /// of a test that stopped the host itself, waits for that same stop rather than stopping a disposed host again.
    /// </summary>
    public Task StopAsync() => _stopping ??= StopOnceAsync();

    // A server that does not stop is a defect to report, not a reason for the whole run to wait until CI gives up.
    private static readonly TimeSpan StopWithin = TimeSpan.FromSeconds(60);

    private async Task StopOnceAsync()
    {
        Http.Dispose();
        try
        {
            await _app.StopAsync().WaitAsync(StopWithin);
            await _app.DisposeAsync().AsTask().WaitAsync(StopWithin);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"the in-process server did not stop within {StopWithin}: a shutdown hang", e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        try { await StopAsync(); }
        finally { _ownFolder?.Dispose(); }
    }
}

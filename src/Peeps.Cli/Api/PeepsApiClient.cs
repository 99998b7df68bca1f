using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Peeps.Diagnosis.Diff;
using Peeps.Diagnosis.Reports;

namespace Peeps.Cli.Api;

/// <summary>The peeps-web HTTP API, one method per endpoint. Every failure surfaces as a <see cref="PeepsApiException"/>.</summary>
/// <param name="apiKey">Sent as <c>Authorization: Bearer</c>, as the server's API key check expects; null sends none.</param>
public sealed class PeepsApiClient(Uri baseUrl, TimeSpan timeout, string? apiKey = null) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // A body missing a field, or with null where the records say there is always a value, fails to parse
        // instead of surfacing later as a NullReferenceException.
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        // A wait chain nests two levels per step, and the server's depth bound goes up to 1024 steps.
        MaxDepth = 4096,
    };

    private readonly HttpClient _http = CreateHttp(baseUrl, timeout, apiKey);

    public Task<ConnectionsResponse> GetConnectionsAsync(CancellationToken ct) =>
        SendAsync<ConnectionsResponse>(HttpMethod.Get, "api/connections", null, ct);

    public Task<CutCreated> CreateCutAsync(CancellationToken ct) =>
        SendAsync<CutCreated>(HttpMethod.Post, "api/cuts", new { }, ct);

    // Cut ids look like "cut:1"; a colon is legal in a path segment and is what the reference's clients send.
    public async Task<(CutStatus Parsed, string Raw)> GetCutAsync(string cutId, CancellationToken ct)
    {
        var raw = await SendRawAsync(HttpMethod.Get, "api/cuts/" + Uri.EscapeDataString(cutId).Replace("%3A", ":"), null, ct);
        return (Parse<CutStatus>(raw), raw);
    }

    public async Task<(QueryResult Parsed, string Raw)> SqlAsync(string sql, CancellationToken ct)
    {
        var raw = await SendRawAsync(HttpMethod.Post, "api/sql", new { sql }, ct);
        return (Parse<QueryResult>(raw), raw);
    }

    public async Task<(QueryResult Parsed, string Raw)> QueryAsync(string name, int limit, CancellationToken ct)
    {
        var raw = await SendRawAsync(HttpMethod.Post, "api/query", new { name, limit }, ct);
        return (Parse<QueryResult>(raw), raw);
    }

    /// <summary>Returns the parsed response and the body exactly as received, for writing to a file.</summary>
    public async Task<(SnapshotResponse Parsed, string Raw)> SnapshotAsync(CancellationToken ct)
    {
        var raw = await SendRawAsync(HttpMethod.Post, "api/snapshot", new { }, ct);
        return (Parse<SnapshotResponse>(raw), raw);
    }

    /// <summary><c>POST /api/diagnose</c>: a fresh cut and snapshot, diagnosed. Also returns the body as received, for <c>--format json</c>.</summary>
    /// <param name="timeoutMs">How long the server waits for the cut, then for the snapshot's replies.</param>
    public async Task<(DiagnosisReport Parsed, string Raw)> DiagnoseAsync(int timeoutMs, CancellationToken ct)
    {
        var raw = await SendRawAsync(HttpMethod.Post, "api/diagnose", new { timeout_ms = timeoutMs }, ct);
        return (Parse<DiagnosisReport>(raw), raw);
    }

    /// <summary><c>GET /api/snapshots/{from}/diff/{to}</c>, parsed and as received.</summary>
    public async Task<(SnapshotDiff Parsed, string Raw)> DiffAsync(long fromSnapshotId, long toSnapshotId, CancellationToken ct)
    {
        var raw = await SendRawAsync(HttpMethod.Get, $"api/snapshots/{fromSnapshotId}/diff/{toSnapshotId}", null, ct);
        return (Parse<SnapshotDiff>(raw), raw);
    }

    /// <summary><c>GET /api/db</c>: copies the database the server sends into <paramref name="destination"/>.</summary>
    public async Task DownloadDatabaseAsync(long? sinceNs, long? untilNs, Stream destination, CancellationToken ct)
    {
        var query = string.Join("&", new[] { sinceNs is { } s ? $"since={s}" : null, untilNs is { } u ? $"until={u}" : null }.OfType<string>());
        try
        {
            using var response = await _http.GetAsync("api/db" + (query.Length > 0 ? "?" + query : ""), HttpCompletionOption.ResponseHeadersRead, ct);
            if (response.StatusCode == HttpStatusCode.Unauthorized) throw new PeepsApiException(DescribeUnauthorized());
            if (!response.IsSuccessStatusCode) throw new PeepsApiException(DescribeFailure(response.StatusCode, await response.Content.ReadAsStringAsync(ct)));
            await response.Content.CopyToAsync(destination, ct);
        }
        catch (HttpRequestException e)
        {
            throw new PeepsApiException($"cannot reach {_http.BaseAddress}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new PeepsApiException($"GET /api/db got no answer within {_http.Timeout.TotalSeconds:0.#} s", e);
        }
    }


    /// <summary><c>GET /api/graph?at=</c>: the graph rebuilt at an instant, parsed and as received.</summary>
    public async Task<(GraphAtResponse Parsed, string Raw)> GraphAtAsync(long atNs, string? process, CancellationToken ct)
    {
        var raw = await SendRawAsync(HttpMethod.Get, $"api/graph?at={atNs}{ProcessQuery(process)}", null, ct);
        return (Parse<GraphAtResponse>(raw), raw);
    }

    /// <summary><c>GET /api/graph/diagnosis?at=</c>: the diagnosis of the graph at an instant, parsed and as received.</summary>
    public async Task<(DiagnosisReport Parsed, string Raw)> DiagnoseAtAsync(long atNs, string? process, CancellationToken ct)
    {
        var raw = await SendRawAsync(HttpMethod.Get, $"api/graph/diagnosis?at={atNs}{ProcessQuery(process)}", null, ct);
        return (Parse<DiagnosisReport>(raw), raw);
    }

    private static string ProcessQuery(string? process) => process is null ? "" : $"&process={Uri.EscapeDataString(process)}";

    /// <summary>The status of a bare request to the MCP endpoint: 404 when the server has it off, 401 without the key.</summary>
    public async Task<HttpStatusCode> ProbeMcpAsync(CancellationToken ct)
    {
        using var response = await _http.GetAsync("mcp", ct);
        return response.StatusCode;
    }

    public void Dispose() => _http.Dispose();

    private static HttpClient CreateHttp(Uri baseUrl, TimeSpan timeout, string? apiKey)
    {
        var http = new HttpClient { BaseAddress = baseUrl, Timeout = timeout };
        if (apiKey is not null) http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        return http;
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct) where T : class, IApiResponse =>
        Parse<T>(await SendRawAsync(method, path, body, ct));

    private async Task<string> SendRawAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, options: Json);
        try
        {
            using var response = await _http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
            if (response.StatusCode == HttpStatusCode.Unauthorized) throw new PeepsApiException(DescribeUnauthorized());
            if (!response.IsSuccessStatusCode) throw new PeepsApiException(DescribeFailure(response.StatusCode, text));
            return text;
        }
        catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
        {
            throw new PeepsApiException($"cannot connect to {_http.BaseAddress}: connection refused (is peeps-web running?)", e);
        }
        catch (HttpRequestException e)
        {
            throw new PeepsApiException($"cannot reach {_http.BaseAddress}: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!ct.IsCancellationRequested)
        {
            throw new PeepsApiException($"{method} /{path} got no answer within {_http.Timeout.TotalSeconds:0.#} s", e);
        }
    }

    private string DescribeUnauthorized() => _http.DefaultRequestHeaders.Authorization is null
        ? "the server requires an API key: pass --api-key or set PEEPS_API_KEY"
        : "the server rejected the API key: check --api-key or PEEPS_API_KEY";

    private static string DescribeFailure(HttpStatusCode status, string body)
    {
        var code = $"{(int)status} {status}";
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                && error.ValueKind == JsonValueKind.String)
                return $"server error ({code}): {error.GetString()}";
        }
        catch (JsonException)
        {
            // Not every failure comes from peeps-web (a proxy, another server on the port): fall back to the status.
        }
        return $"server error ({code})";
    }

    /// <summary>The CLI's own response records check their lists (<see cref="IApiResponse"/>); the diagnosis library's records are taken as parsed.</summary>
    private static T Parse<T>(string text) where T : class
    {
        try
        {
            var response = JsonSerializer.Deserialize<T>(text, Json) ?? throw new PeepsApiException("the server answered with an empty body");
            return response is IApiResponse checkable && checkable.FindProblem() is { } problem
                ? throw new PeepsApiException($"unexpected response from the server: {problem}")
                : response;
        }
        catch (JsonException e)
        {
            throw new PeepsApiException($"unexpected response from the server: {e.Message}", e);
        }
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;

namespace Peeps.Cli.Api;

/// <summary>The peeps-web HTTP API, one method per endpoint. Every failure surfaces as a <see cref="PeepsApiException"/>.</summary>
public sealed class PeepsApiClient(Uri baseUrl, TimeSpan timeout) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private readonly HttpClient _http = new() { BaseAddress = baseUrl, Timeout = timeout };

    public Task<ConnectionsResponse> GetConnectionsAsync(CancellationToken ct) =>
        SendAsync<ConnectionsResponse>(HttpMethod.Get, "api/connections", null, ct);

    public Task<CutCreated> CreateCutAsync(CancellationToken ct) =>
        SendAsync<CutCreated>(HttpMethod.Post, "api/cuts", new { }, ct);

    // Cut ids look like "cut:1"; a colon is legal in a path segment and is what the reference's clients send.
    public Task<CutStatus> GetCutAsync(string cutId, CancellationToken ct) =>
        SendAsync<CutStatus>(HttpMethod.Get, "api/cuts/" + Uri.EscapeDataString(cutId).Replace("%3A", ":"), null, ct);

    public Task<QueryResult> SqlAsync(string sql, CancellationToken ct) =>
        SendAsync<QueryResult>(HttpMethod.Post, "api/sql", new { sql }, ct);

    public Task<QueryResult> QueryAsync(string name, int limit, CancellationToken ct) =>
        SendAsync<QueryResult>(HttpMethod.Post, "api/query", new { name, limit }, ct);

    /// <summary>Returns the parsed response and the body exactly as received, for writing to a file.</summary>
    public async Task<(SnapshotResponse Parsed, string Raw)> SnapshotAsync(CancellationToken ct)
    {
        var raw = await SendRawAsync(HttpMethod.Post, "api/snapshot", new { }, ct);
        return (Parse<SnapshotResponse>(raw), raw);
    }

    public void Dispose() => _http.Dispose();

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken ct) =>
        Parse<T>(await SendRawAsync(method, path, body, ct));

    private async Task<string> SendRawAsync(HttpMethod method, string path, object? body, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, options: Json);
        try
        {
            using var response = await _http.SendAsync(request, ct);
            var text = await response.Content.ReadAsStringAsync(ct);
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

    private static T Parse<T>(string text)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text, Json) ?? throw new PeepsApiException("the server answered with an empty body");
        }
        catch (JsonException e)
        {
            throw new PeepsApiException($"unexpected response from the server: {e.Message}", e);
        }
    }
}

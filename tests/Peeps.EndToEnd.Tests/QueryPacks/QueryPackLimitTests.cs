using System.Net;
using System.Net.Http.Json;
using static Peeps.Testing.SampleBatches;

namespace Peeps.EndToEnd.Tests.QueryPacks;

/// <summary><c>POST /api/query</c> applies the contract's default limit of 50 and honours an explicit one.</summary>
public sealed class QueryPackLimitTests : IAsyncLifetime
{
    private const int NeedsEdges = 60;
    private PeepsServer _server = null!;

    public async Task InitializeAsync()
    {
        _server = await PeepsServer.StartAsync();
        using var client = _server.Connect();
        await client.HandshakeAsync("limits", 21);
        var changes = Enumerable.Range(0, NeedsEdges).Select(i => Change((ulong)i, "upsert_edge", $$"""{"src":"w{{i}}","dst":"lock","kind":"needs","meta":null}"""));
        await client.SendJsonAsync(Batch("proc:21", 0, NeedsEdges, changes));
        await Eventually.Until(() => _server.CountAsync("select count(*) from edges"), n => n == NeedsEdges);
    }

    public Task DisposeAsync() => _server.DisposeAsync().AsTask();

    private async Task<SqlRows> RunAsync(object request)
    {
        using var response = await _server.Http.PostAsJsonAsync("/api/query", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return SqlRows.Parse(body);
    }

    [Fact]
    public async Task Without_a_limit_a_pack_answers_the_first_50_rows()
    {
        var result = await RunAsync(new { name = "stale-blockers" });

        Assert.Equal((50, 50), (result.RowCount, result.Rows.Count));
    }

    [Fact]
    public async Task An_explicit_limit_above_the_default_returns_every_matching_row()
    {
        var result = await RunAsync(new { name = "blockers", limit = 1000 });

        Assert.Equal(NeedsEdges, result.RowCount);
        Assert.Equal(Enumerable.Range(0, NeedsEdges).Select(i => $"w{i}").Order(), result.Rows.Select(r => r[0].GetString()!).Order());
    }
}

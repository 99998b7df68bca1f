using System.Net;
using System.Text;
using System.Text.Json;
using Peeps.EndToEnd.Tests.Snapshots;
using Peeps.EndToEnd.Tests.Support;

namespace Peeps.EndToEnd.Tests.Cuts;

/// <summary>What <c>/api/cuts</c> accepts and how it fails.</summary>
[Collection(CoordinationTimingCollection.Name)]
public sealed class CutRequestTests
{
    private static async Task<(HttpStatusCode Status, string? MediaType, JsonElement Body)> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, response.Content.Headers.ContentType?.MediaType, JsonDocument.Parse(text).RootElement.Clone());
    }

    private static HttpRequestMessage PostCut(HttpContent? content = null) => new(HttpMethod.Post, "/api/cuts") { Content = content };

    [Fact]
    public async Task Every_post_starts_a_cut_whatever_its_body_and_ids_follow_on()
    {
        await using var server = await PeepsServer.StartAsync();

        var empty = await SendAsync(server.Http, PostCut());
        var json = await SendAsync(server.Http, PostCut(new StringContent("{}", Encoding.UTF8, "application/json")));
        var garbled = await SendAsync(server.Http, PostCut(new StringContent("{\"oops\":", Encoding.UTF8, "application/json")));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (empty.Status, json.Status, garbled.Status));
        Assert.Equal(["cut:1", "cut:2", "cut:3"], new[] { empty.Body, json.Body, garbled.Body }.Select(b => b.GetProperty("cut_id").GetString()));
    }

    [Fact]
    public async Task Cut_id_with_a_leading_zero_names_no_cut()
    {
        await using var server = await PeepsServer.StartAsync();
        await SendAsync(server.Http, PostCut());

        var padded = await SendAsync(server.Http, new HttpRequestMessage(HttpMethod.Get, "/api/cuts/cut:01"));
        var exact = await SendAsync(server.Http, new HttpRequestMessage(HttpMethod.Get, "/api/cuts/cut:1"));

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.OK), (padded.Status, exact.Status));
        Assert.Equal("application/problem+json", padded.MediaType);
    }

    [Fact]
    public async Task Actor_that_does_not_answer_within_the_configured_api_timeout_is_a_504_problem()
    {
        using var folder = new DatabaseFolder();
        var db = folder.DbPath;
        var journal = new JournalFile(db);
        await using var server = await PeepsServer.StartAsync(db, "Peeps:Api:Actor=00:00:00.300", "Peeps:Coordination:JournalLockTimeout=00:00:03");

        (HttpStatusCode Status, string? MediaType, JsonElement Body) answer;
        using (journal.HoldWriteLock())
            answer = await SendAsync(server.Http, PostCut());

        Assert.Equal(HttpStatusCode.GatewayTimeout, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Equal(504, answer.Body.GetProperty("status").GetInt32());
        Assert.Equal(answer.Body.GetProperty("detail").GetString(), answer.Body.GetProperty("error").GetString());
        Assert.Contains("did not answer in time", answer.Body.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using Peeps.Ingest.Cuts;
using Peeps.EndToEnd.Tests.Snapshots;
using Peeps.EndToEnd.Tests.Support;

namespace Peeps.EndToEnd.Tests.Cuts;

[Collection(CoordinationTimingCollection.Name)]
public sealed class JournalOutageTests
{
    private sealed record Answer(HttpStatusCode Status, string? MediaType, JsonElement Body);

    private static async Task<Answer> PostAsync(PeepsServer server, string path)
    {
        using var response = await server.Http.PostAsync(path, new StringContent("{}", Encoding.UTF8, "application/json"));
        var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        return new Answer(response.StatusCode, response.Content.Headers.ContentType?.MediaType, body);
    }

    private static async Task<HttpStatusCode> StatusOfAsync(PeepsServer server, Answer cut)
    {
        using var response = await server.Http.GetAsync($"/api/cuts/{cut.Body.GetProperty("cut_id").GetString()}");
        return response.StatusCode;
    }

    private static void AssertJournalUnavailable(Answer answer)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
        Assert.Equal("application/problem+json", answer.MediaType);
        Assert.Contains("journal", answer.Body.GetProperty("error").GetString()!, StringComparison.Ordinal);
    }

    private static long CutNumber(Answer answer) =>
        CutId.TryParse(answer.Body.GetProperty("cut_id").GetString()!, out var number) ? number : throw new FormatException(answer.Body.ToString());

    [Fact]
    public async Task While_the_journal_is_locked_cuts_and_snapshots_answer_503_and_once_released_they_work_again_with_ids_continuing()
    {
        using var folder = new DatabaseFolder();
        var db = folder.DbPath;
        var journal = new JournalFile(db);
        await using var server = await PeepsServer.StartAsync(db, "Peeps:Coordination:JournalLockTimeout=00:00:01");
        var cutBefore = await PostAsync(server, "/api/cuts");
        var snapshotBefore = await PostAsync(server, "/api/snapshot");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (cutBefore.Status, snapshotBefore.Status));

        using (journal.HoldWriteLock())
        {
            AssertJournalUnavailable(await PostAsync(server, "/api/cuts"));
            // The failed write stopped the coordinator; its supervisor starts it again, and it recovers (reads
            // still work) and serves cut history, but its next write fails the same way.
            await Eventually.Until(() => StatusOfAsync(server, cutBefore), s => s == HttpStatusCode.OK,
                TimeSpan.FromSeconds(30), "the cut coordinator serving again during the outage");
            AssertJournalUnavailable(await PostAsync(server, "/api/cuts"));
            AssertJournalUnavailable(await PostAsync(server, "/api/snapshot"));
        }

        var cutAfter = await Eventually.Until(() => PostAsync(server, "/api/cuts"), a => a.Status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "a cut started once the journal is released");
        var snapshotAfter = await Eventually.Until(() => PostAsync(server, "/api/snapshot"), a => a.Status == HttpStatusCode.OK,
            TimeSpan.FromSeconds(30), "a snapshot taken once the journal is released");

        Assert.True(CutNumber(cutAfter) > CutNumber(cutBefore), $"{cutAfter.Body} does not continue after {cutBefore.Body}");
        Assert.True(snapshotAfter.Body.GetProperty("snapshot_id").GetInt64() > snapshotBefore.Body.GetProperty("snapshot_id").GetInt64());
        var earlier = await server.GetJsonAsync($"/api/cuts/{cutBefore.Body.GetProperty("cut_id").GetString()}");
        Assert.True(earlier.GetProperty("complete").GetBoolean());
        var latest = await server.GetJsonAsync($"/api/cuts/{cutAfter.Body.GetProperty("cut_id").GetString()}");
        Assert.True(latest.GetProperty("complete").GetBoolean());
    }
}

using System.Net;
using Peeps.Ingest;
using Microsoft.Extensions.DependencyInjection;
using Peeps.Testing;
using Peeps.Web.History;
using static Peeps.EndToEnd.Tests.Api.DiagnosisHttp;

namespace Peeps.EndToEnd.Tests.History;

public sealed class GraphBoundsTests
{
    [Fact]
    public async Task A_graph_larger_than_the_result_bound_is_refused_with_a_hint_to_narrow_it()
    {
        await using var server = await PeepsServer.StartAsync(null, "Peeps:History:MaxResultBytes=2048");
        using var runtime = server.Connect();
        await runtime.HandshakeAsync("big", 77);
        await runtime.SendJsonAsync(SampleBatches.Upserts("proc:77", 0, 40));
        await Eventually.Until(() => server.CountAsync("select count(*) from entities"), n => n == 40, what: "40 entities committed");

        using var response = await server.Http.GetAsync($"/api/graph?at={UnixTime.NowNs()}");

        await AssertProblemAsync(response, HttpStatusCode.UnprocessableEntity, "Peeps:History:MaxResultBytes");
    }

    [Fact]
    public async Task A_rebuild_past_the_concurrency_bound_is_refused_at_once_and_a_freed_slot_is_taken_again()
    {
        await using var server = await PeepsServer.StartAsync(null, "Peeps:History:MaxConcurrentRebuilds=1");
        var slots = server.Services.GetRequiredService<RebuildSlots>();

        using (var held = slots.TryEnter())
        {
            Assert.NotNull(held);
            using var refused = await server.Http.GetAsync($"/api/graph?at={UnixTime.NowNs()}");
            await AssertProblemAsync(refused, HttpStatusCode.ServiceUnavailable, "Peeps:History:MaxConcurrentRebuilds");
        }

        using var answered = await server.Http.GetAsync($"/api/graph?at={UnixTime.NowNs()}");
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
    }
}

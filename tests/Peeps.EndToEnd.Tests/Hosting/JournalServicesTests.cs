using Akka.Actor;
using Microsoft.Extensions.DependencyInjection;
using Peeps.Ingest.Coordination;
using Peeps.Testing;
using Peeps.Web.Hosting;

namespace Peeps.EndToEnd.Tests.Hosting;

/// <summary>The journal configured through Akka.Persistence.Sql's typed options keeps every setting the hand-written HOCON had.</summary>
public sealed class JournalServicesTests
{
    [Fact]
    public async Task Journal_and_snapshot_store_get_the_journal_file_its_lock_wait_isolation_and_circuit_breaker_reset()
    {
        await using var server = await PeepsServer.StartAsync(null, "Peeps:Coordination:MaxBackoff=00:00:07", "Peeps:Coordination:JournalLockTimeout=00:00:03");
        var config = server.Services.GetRequiredService<ActorSystem>().Settings.Config;

        foreach (var plugin in new[] { "akka.persistence.journal.sql", "akka.persistence.snapshot-store.sql" })
        {
            var connection = config.GetString($"{plugin}.connection-string");
            Assert.Contains(CoordinationJournal.DefaultPathFor(server.DbPath), connection, StringComparison.Ordinal);
            Assert.Contains("Default Timeout=3", connection, StringComparison.Ordinal);
            Assert.Equal("SQLite.MS", config.GetString($"{plugin}.provider-name"));
            Assert.Equal("read-uncommitted", config.GetString($"{plugin}.read-isolation-level"));
            Assert.Equal(TimeSpan.FromSeconds(7), config.GetTimeSpan($"{plugin}.circuit-breaker.reset-timeout"));
        }
        Assert.Equal("akka.persistence.journal.sql", config.GetString("akka.persistence.journal.plugin"));
        Assert.Equal("akka.persistence.snapshot-store.sql", config.GetString("akka.persistence.snapshot-store.plugin"));
    }

    [Fact]
    public async Task Akkas_own_journal_and_snapshot_store_health_checks_are_part_of_readiness()
    {
        await using var server = await PeepsServer.StartAsync();

        var body = await Eventually.Until(async () =>
        {
            using var response = await server.Http.GetAsync("/health/ready");
            return System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
        }, ready => ready.GetProperty("ready").GetBoolean(), what: "ready");

        foreach (var check in new[] { JournalServices.JournalCheck, JournalServices.SnapshotStoreCheck })
            Assert.True(body.GetProperty("checks").GetProperty(check).GetProperty("ok").GetBoolean(), check);
    }
}

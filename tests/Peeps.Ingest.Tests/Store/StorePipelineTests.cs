using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit.Xunit2;
using Peeps.Ingest.Inspection;
using Peeps.Ingest.Metrics;
using Peeps.Ingest.Store;
using Peeps.Storage;
using Peeps.Storage.Writing;

namespace Peeps.Ingest.Tests.Store;

public sealed class StorePipelineTests : TestKit, IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("peeps-pipeline-").FullName;

    [Fact]
    public async Task A_bundle_reaches_the_writer_as_its_commands_one_by_one_and_in_order()
    {
        var settings = new IngestSettings();
        var reports = new ConcurrentQueue<CommitReport>();
        using var writer = new SqliteStoreWriter(new StorageSettings { DatabasePath = Path.Combine(_folder, "peeps.sqlite") });
        var graph = new StreamGraphRegistry(new InspectionSettings(), new PeepsMetrics(new Meter(PeepsMetrics.MeterName)));
        var store = StorePipeline.Run(writer, settings, reports.Enqueue, Sys.Log, Sys.Materializer(), graph.AttachStore(settings));

        Source.Single<WriteCommand>(new CommandBundle(
            [new ConnectionOpened(1, 10), new ConnectionOpened(2, 20), new ConnectionClosed(2, 30), new ConnectionClosed(1, 40)]))
            .To(store.Sink).Run(Sys.Materializer());
        AwaitCondition(() => reports.Sum(r => r.Commands) == 4, TimeSpan.FromSeconds(10));
        await store.CompleteAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Empty(reports.SelectMany(r => r.Rejected));
        Assert.Equal([2L, 1L], reports.SelectMany(r => r.ClosedConnIds));
    }

    public new void Dispose()
    {
        base.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow machine; the temp folder is cleaned by the OS.
        }
    }
}

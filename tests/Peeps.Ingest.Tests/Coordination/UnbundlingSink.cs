using System.Collections.Concurrent;
using Akka;
using Akka.Streams.Dsl;
using Peeps.Ingest.Store;
using Peeps.Storage.Writing;

namespace Peeps.Ingest.Tests.Coordination;

/// <summary>Stands in for the store when a test attaches a <see cref="Ingest.Coordination.StoreOutbox"/>: records each row, bundles unpacked as the pipeline does.</summary>
internal static class UnbundlingSink
{
    public static Sink<WriteCommand, NotUsed> Into(ConcurrentQueue<WriteCommand> rows) =>
        Sink.ForEach<WriteCommand>(element =>
        {
            foreach (var row in CommandBundle.Unpack(element)) rows.Enqueue(row);
        }).MapMaterializedValue(_ => NotUsed.Instance);
}

using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.TestKit.Xunit2;
using Peeps.Ingest.Stages;

namespace Peeps.Ingest.Tests.Stages;

public sealed class ClientIdleTimeoutTests : TestKit
{
    private static readonly TimeSpan Limit = TimeSpan.FromMilliseconds(300);

    [Fact]
    public async Task A_client_silent_while_the_server_waits_is_cut_off_after_the_limit()
    {
        var done = Source.Never<int>()
            .Via(new ClientIdleTimeout<int>(Limit))
            .RunWith(Sink.Ignore<int>(), Sys.Materializer());

        var failure = await Assert.ThrowsAsync<TimeoutException>(() => done.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Contains("sent nothing", failure.Message);
    }

    [Fact]
    public async Task Time_the_server_spends_backpressuring_does_not_count_as_client_silence()
    {
        var writerFree = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new List<int>();
        var done = Source.From([1, 2]).Concat(Source.Never<int>())
            .Via(new ClientIdleTimeout<int>(Limit))
            // A writer busy with the first element: nothing more is pulled until it is free.
            .SelectAsync(1, async element =>
            {
                if (element == 1) await writerFree.Task;
                return element;
            })
            .RunWith(Sink.ForEach<int>(element => { lock (seen) seen.Add(element); }), Sys.Materializer());

        await Task.Delay(Limit * 4);
        Assert.False(done.IsCompleted, "the connection was cut off while the server held it back");
        writerFree.SetResult(0);

        await Assert.ThrowsAsync<TimeoutException>(() => done.WaitAsync(TimeSpan.FromSeconds(10)));
        lock (seen) Assert.Equal([1, 2], seen);
    }
}

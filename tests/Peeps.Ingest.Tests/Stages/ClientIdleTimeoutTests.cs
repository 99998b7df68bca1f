using Akka.Streams;
using Akka.Streams.Dsl;
using Akka.Streams.TestKit;
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
    public void Time_the_server_spends_backpressuring_does_not_count_as_client_silence()
    {
        var (client, server) = this.SourceProbe<int>()
            .Via(new ClientIdleTimeout<int>(Limit))
            .ToMaterialized(this.SinkProbe<int>(), Keep.Both)
            .WithAttributes(Attributes.CreateInputBuffer(1, 1))
            .Run(Sys.Materializer());

        server.Request(1);
        client.SendNext(1);
        server.ExpectNext(1);
        // The server asks for nothing more: the stage is held back, and the client's silence is not its fault.
        server.ExpectNoMsg(Limit * 4);

        server.Request(2);
        client.SendNext(2);
        server.ExpectNext(2);
        // One more is asked for and the client sends nothing: that is silence.
        var failure = server.ExpectError();
        Assert.IsType<TimeoutException>(failure);
    }
}

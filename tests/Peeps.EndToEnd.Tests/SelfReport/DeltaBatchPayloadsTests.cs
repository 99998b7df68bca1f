using Peeps.Simulator.Model;
using Peeps.Web.SelfReport;
using Peeps.Wire.Json;
using Peeps.Wire.Messages;

namespace Peeps.EndToEnd.Tests.SelfReport;

public sealed class DeltaBatchPayloadsTests
{
    private static GraphChange[] Removals(int count) => [.. Enumerable.Range(0, count).Select(i => new RemoveEntityChange($"conn-{i}-buffer"))];

    [Fact]
    public void Changes_over_the_frame_limit_are_split_into_contiguous_batches_that_each_fit_and_all_but_the_last_are_truncated()
    {
        const int limit = 2048;

        var payloads = DeltaBatchPayloads.Encode("proc:7", 40, Removals(200), limit).ToArray();

        Assert.True(payloads.Length > 1);
        Assert.All(payloads, p => Assert.InRange(p.Length, 1, limit));
        var batches = payloads.Select(p => Assert.IsType<DeltaBatch>(ClientMessageDecoder.Decode(p))).ToArray();
        Assert.Equal(40UL, batches[0].FromSeqNo);
        Assert.Equal(240UL, batches[^1].NextSeqNo);
        for (var i = 1; i < batches.Length; i++) Assert.Equal(batches[i - 1].NextSeqNo, batches[i].FromSeqNo);
        Assert.Equal(Enumerable.Range(40, 200).Select(n => (ulong)n), batches.SelectMany(b => b.Changes).Select(c => c.SeqNo));
        Assert.All(batches[..^1], b => Assert.True(b.Truncated));
        Assert.False(batches[^1].Truncated);
        Assert.All(batches, b => Assert.Equal("proc:7", b.StreamId));
    }

    [Fact]
    public void Changes_that_fit_go_out_as_one_batch()
    {
        var batch = Assert.IsType<DeltaBatch>(ClientMessageDecoder.Decode(Assert.Single(DeltaBatchPayloads.Encode("proc:7", 0, Removals(3), 1 << 20))));

        Assert.Equal((0UL, 3UL, 3, false), (batch.FromSeqNo, batch.NextSeqNo, batch.Changes.Count, batch.Truncated));
    }

    [Fact]
    public void No_changes_encode_no_batch_and_the_keepalive_batch_leaves_the_cursor_where_it_is()
    {
        Assert.Empty(DeltaBatchPayloads.Encode("proc:7", 5, [], 1 << 20));

        var keepAlive = Assert.IsType<DeltaBatch>(ClientMessageDecoder.Decode(DeltaBatchPayloads.Empty("proc:7", 5)));

        Assert.Equal((5UL, 5UL, 0), (keepAlive.FromSeqNo, keepAlive.NextSeqNo, keepAlive.Changes.Count));
    }
}

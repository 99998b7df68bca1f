using Peeps.Diagnosis.Tests.Support;
using Peeps.Diagnosis.Warnings;

namespace Peeps.Diagnosis.Tests.Warnings;

public sealed class WarningFinderTests
{
    private static readonly DiagnosisSettings FiveSeconds = new();

    [Fact]
    public void A_wait_older_than_the_threshold_is_a_long_wait_and_a_younger_one_is_not()
    {
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "a", p => p
            .Lock("l", birth: 0)
            .Future("old", birth: 94_000).Needs("old", "l")
            .Future("young", birth: 96_000).Needs("young", "l"), ptimeNowMs: 100_000));

        var warning = Assert.Single(report.Warnings, w => w.Id == WarningIds.LongWait);
        Assert.Equal(6_000, warning.AgeMs);
        Assert.Equal(5_000, warning.ThresholdMs);
        Assert.Equal(["1:old", "1:l"], warning.Entities.Select(Diagnose.Key));
        Assert.Equal(1, report.Summary.WarningsById[WarningIds.LongWait]);
    }

    [Fact]
    public void A_full_channel_with_a_sender_waiting_past_the_threshold_is_reported_once()
    {
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "a", p => p
            .Channel("tx", sender: true, occupancy: 8, capacity: 8, birth: 0)
            .Channel("rx", sender: false, occupancy: 8, capacity: 8, birth: 0)
            .Edge("tx", "rx", "channel_link")
            .Future("send", birth: 90_000).Needs("send", "tx")));

        var warning = Assert.Single(report.Warnings, w => w.Id == WarningIds.ChannelFull);
        Assert.Equal("1:tx", Diagnose.Key(Assert.Single(warning.Entities)));
        Assert.Equal(10_000, warning.AgeMs);
    }

    [Fact]
    public void A_full_channel_nobody_waits_on_is_reported_when_the_previous_snapshot_saw_it_full_long_enough()
    {
        SnapshotBuilder Full(long at) => new SnapshotBuilder().CapturedAt(at)
            .Process(1, "a", p => p.Channel("tx", sender: true, occupancy: 4, capacity: 4, birth: 99_000));

        var now = Full(1_700_000_010_000).Build();
        Assert.DoesNotContain(Diagnoser.Diagnose(now, FiveSeconds).Warnings, w => w.Id == WarningIds.ChannelFull);
        var report = Diagnoser.Diagnose(now, FiveSeconds, previous: Full(1_700_000_000_000).Build());

        Assert.Equal(10_000, Assert.Single(report.Warnings, w => w.Id == WarningIds.ChannelFull).AgeMs);
    }

    [Fact]
    public void A_channel_below_capacity_or_unbounded_is_never_full()
    {
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "a", p => p
            .Channel("tx", sender: true, occupancy: 7, capacity: 8, birth: 0)
            .Channel("unbounded", sender: true, occupancy: 1000, capacity: null, birth: 0)
            .Future("s1", birth: 0).Needs("s1", "tx").Future("s2", birth: 0).Needs("s2", "unbounded")));

        Assert.DoesNotContain(report.Warnings, w => w.Id == WarningIds.ChannelFull);
    }

    [Fact]
    public void A_request_with_a_pending_response_past_the_threshold_is_unanswered_and_an_answered_one_is_not()
    {
        var report = Diagnose.Of(new SnapshotBuilder()
            .Process(1, "a", p => p.Request("aaaaSlow", birth: 10).Request("aaaaDone", "Svc.done", birth: 10))
            .Process(2, "b", p => p
                .Response("bbbbP1", birth: 10).Edge("aaaaSlow", "bbbbP1", "rpc_link")
                .Response("bbbbP2", "Svc.done", status: "ok", birth: 10).Edge("aaaaDone", "bbbbP2", "rpc_link")));

        var warning = Assert.Single(report.Warnings, w => w.Id == WarningIds.RequestUnanswered);
        Assert.Equal(["1:aaaaSlow", "2:bbbbP1"], warning.Entities.Select(Diagnose.Key));
    }

    [Fact]
    public void Requests_waited_on_while_a_process_did_not_answer_name_that_process()
    {
        var report = Diagnose.Of(new SnapshotBuilder()
            .Process(1, "a", p => p.Future("f").Request("r").Needs("f", "r"))
            .TimedOut(2, "b"));

        var warning = Assert.Single(report.Warnings, w => w.Id == WarningIds.ProcessDidNotAnswer);
        Assert.Equal("b", Assert.Single(warning.Processes).ProcessName);
        Assert.Equal(["1:r"], warning.Entities.Select(Diagnose.Key));
        Assert.Contains("b (conn 2, pid 1002)", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void No_silent_process_warning_when_every_process_answered()
    {
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "a", p => p.Future("f").Request("r").Needs("f", "r")));

        Assert.DoesNotContain(report.Warnings, w => w.Id == WarningIds.ProcessDidNotAnswer);
    }

    [Fact]
    public void Waiting_on_a_receiver_whose_sender_is_closed_is_a_closed_channel_wait()
    {
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "a", p => p
            .Channel("tx", sender: true, closedBy: "sender_dropped").Channel("rx", sender: false)
            .Edge("tx", "rx", "channel_link")
            .Future("recv").Needs("recv", "rx")
            .Channel("tx2", sender: true).Channel("rx2", sender: false).Edge("tx2", "rx2", "channel_link")
            .Future("recv2").Needs("recv2", "rx2")));

        var warning = Assert.Single(report.Warnings, w => w.Id == WarningIds.ClosedChannelWait);
        Assert.Equal(["1:recv", "1:rx", "1:tx"], warning.Entities.Select(Diagnose.Key));
    }

    [Fact]
    public void A_lock_whose_holder_is_itself_waiting_is_reported_with_what_the_holder_waits_on()
    {
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "a", p => p
            .Lock("l").Future("holder").NetRead("io").Needs("l", "holder").Needs("holder", "io")
            .Lock("free").Future("busy").Needs("free", "busy")));

        var warning = Assert.Single(report.Warnings, w => w.Id == WarningIds.HolderWaiting);
        Assert.Equal(["1:l", "1:holder", "1:io"], warning.Entities.Select(Diagnose.Key));
    }

    [Fact]
    public void Warnings_past_the_bound_are_counted_but_not_listed()
    {
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "a", p =>
        {
            p.Lock("l", birth: 0);
            for (var i = 0; i < 20; i++) p.Future($"f{i}", birth: 0).Needs($"f{i}", "l");
        }), new DiagnosisSettings { MaxWarnings = 5 });

        Assert.Equal(5, report.Warnings.Count);
        Assert.Equal(20, report.Summary.WarningsById[WarningIds.LongWait]);
        Assert.True(report.WarningsTruncated);
    }
}

using Peeps.Diagnosis.Tests.Support;

namespace Peeps.Diagnosis.Tests.Graph;

public sealed class WaitGraphBuilderTests
{
    [Fact]
    public void An_rpc_link_whose_caller_did_not_answer_the_snapshot_is_unresolved_and_names_the_silent_process()
    {
        var report = Diagnose.Of(new SnapshotBuilder()
            .Process(2, "b", p => p.Response("bbbbP").Future("bbbbH").Edge("cccc0001", "bbbbP", "rpc_link").Needs("bbbbH", "bbbbP"))
            .TimedOut(3, "c"));

        var link = Assert.Single(report.UnresolvedRpcLinks);
        Assert.Equal("caller_not_in_snapshot", link.Reason);
        Assert.Equal("cccc0001", link.RequestId);
        Assert.Equal("c", Assert.Single(link.Candidates).ProcessName);
        Assert.Equal(1, report.Summary.UnresolvedRpcLinks);
    }

    [Fact]
    public void An_rpc_link_with_no_caller_anywhere_is_unresolved_as_not_found()
    {
        var report = Diagnose.Of(new SnapshotBuilder().Process(2, "b", p => p.Response("bbbbP").Edge("cccc0001", "bbbbP", "rpc_link")));

        Assert.Equal("caller_not_found", Assert.Single(report.UnresolvedRpcLinks).Reason);
    }

    [Fact]
    public void The_same_request_id_in_two_processes_resolves_to_the_process_whose_ids_carry_its_prefix()
    {
        var report = Diagnose.Of(new SnapshotBuilder()
            .Process(1, "a", p => p.Future("aaaaF").Request("aaaa0001").Needs("aaaaF", "aaaa0001"))
            .Process(3, "c", p => p.Future("ccccF").Future("ccccG").Request("aaaa0001"))
            .Process(2, "b", p => p.Response("bbbbP").Future("bbbbH").Edge("aaaa0001", "bbbbP", "rpc_link").Needs("bbbbH", "bbbbP")));

        Assert.Empty(report.UnresolvedRpcLinks);
        var chain = Assert.Single(report.WaitChains);
        Assert.Equal("1:aaaaF", Diagnose.Key(chain.Head));
        Assert.Equal(["2:bbbbH"], chain.Roots.Select(r => Diagnose.Key(r.Entity)));
    }

    [Fact]
    public void The_same_request_id_in_two_processes_sharing_the_prefix_is_ambiguous()
    {
        var report = Diagnose.Of(new SnapshotBuilder()
            .Process(1, "a", p => p.Request("aaaa0001"))
            .Process(3, "c", p => p.Request("aaaa0001"))
            .Process(2, "b", p => p.Response("bbbbP").Edge("aaaa0001", "bbbbP", "rpc_link")));

        var link = Assert.Single(report.UnresolvedRpcLinks);
        Assert.Equal("ambiguous", link.Reason);
        Assert.Equal([1L, 3L], link.Candidates.Select(c => c.ConnId).Order());
        Assert.Equal(0, report.Summary.InferredEdges);
    }

    [Fact]
    public void Requests_whose_method_disagrees_with_the_response_are_not_joined()
    {
        var report = Diagnose.Of(new SnapshotBuilder()
            .Process(1, "a", p => p.Request("aaaa0001", "X.one"))
            .Process(2, "b", p => p.Response("bbbbP", "Y.two").Edge("aaaa0001", "bbbbP", "rpc_link")));

        Assert.Equal("caller_not_found", Assert.Single(report.UnresolvedRpcLinks).Reason);
    }

    [Fact]
    public void A_request_in_the_callees_own_process_is_not_its_caller()
    {
        var report = Diagnose.Of(new SnapshotBuilder()
            .Process(2, "b", p => p.Request("bbbbR").Response("bbbbP").Edge("bbbbR", "bbbbP", "rpc_link")));

        Assert.Single(report.UnresolvedRpcLinks);
    }

    [Fact]
    public void Edges_with_a_missing_end_are_left_out_and_counted_as_dangling()
    {
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "a", p => p
            .Future("f").Needs("f", "gone").Needs("ghost", "f").Edge("aaaaR", "nowhere", "rpc_link")));

        Assert.Equal(3, report.Summary.DanglingEdges);
        Assert.Equal(0, report.Summary.WaitEdges);
        Assert.Equal(3, report.DanglingEdges.Count);
        Assert.All(report.DanglingEdges, d => Assert.Equal("a", d.Process.ProcessName));
    }

    [Fact]
    public void A_future_saying_it_needs_a_response_makes_the_response_wait_for_it()
    {
        var graph = Peeps.Diagnosis.Graph.WaitGraphBuilder.Build(new SnapshotBuilder()
            .Process(1, "b", p => p.Response("P").Future("H").Needs("H", "P")).Build());

        var response = graph.Find(0, "P");
        var handler = graph.Find(0, "H");
        Assert.Equal(1, graph.OutDegree(response));
        Assert.Equal(0, graph.OutDegree(handler));
        Assert.Equal(handler, graph.Targets[graph.Start[response]]);
    }

    [Fact]
    public void Both_directions_between_a_response_and_its_handler_make_one_edge()
    {
        var report = Diagnose.Of(new SnapshotBuilder().Process(1, "b", p => p.Response("P").Future("H").Needs("H", "P").Needs("P", "H")));

        Assert.Equal(1, report.Summary.WaitEdges);
        Assert.Equal(0, report.Summary.InferredEdges);
        Assert.Empty(report.Deadlocks);
    }
}

using Peeps.Storage.Processes;

namespace Peeps.Storage.Tests.Processes;

public sealed class ProcessGroupingTests
{
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(10);
    private const long Second = 1_000_000_000;

    private static ConnectionRecord Conn(long id, string name, long pid, long connectedS, long? closedS) =>
        new(id, name, pid, connectedS * Second, closedS * Second);

    [Fact]
    public void A_reconnection_within_the_window_is_the_same_process_with_the_newest_connection_current()
    {
        var processes = ProcessGrouping.Group([Conn(1, "api", 7, 0, 5), Conn(2, "api", 7, 8, 20), Conn(3, "api", 7, 25, null)], Window);

        var process = Assert.Single(processes);
        Assert.Equal([1L, 2L, 3L], process.Connections.Select(c => c.ConnId));
        Assert.Equal(3, process.Current.ConnId);
        Assert.True(process.Connected);
    }

    [Fact]
    public void A_connection_after_the_window_is_a_new_process()
    {
        var processes = ProcessGrouping.Group([Conn(1, "api", 7, 0, 5), Conn(2, "api", 7, 16, null)], Window);

        Assert.Equal([[1L], [2L]], processes.Select(p => p.Connections.Select(c => c.ConnId).ToArray()));
        Assert.False(processes[0].Connected);
    }

    [Fact]
    public void Connections_open_at_the_same_time_are_different_processes_even_with_the_same_name_and_pid()
    {
        var processes = ProcessGrouping.Group([Conn(1, "svc", 1, 0, null), Conn(2, "svc", 1, 3, null)], Window);

        Assert.Equal(2, processes.Count);
    }

    [Fact]
    public void A_connection_that_opened_before_the_previous_one_closed_does_not_continue_it()
    {
        var processes = ProcessGrouping.Group([Conn(1, "svc", 1, 0, 10), Conn(2, "svc", 1, 5, null)], Window);

        Assert.Equal(2, processes.Count);
    }

    [Fact]
    public void Unidentified_connections_are_each_their_own_process_and_names_and_pids_never_mix()
    {
        var processes = ProcessGrouping.Group(
            [Conn(1, "unknown-1", 0, 0, 1), Conn(2, "unknown-2", 0, 2, 3), Conn(3, "api", 7, 0, 1), Conn(4, "api", 8, 2, null), Conn(5, "web", 7, 2, null)],
            Window);

        Assert.Equal(5, processes.Count);
        Assert.Equal(["api", "api", "unknown-1", "unknown-2", "web"], processes.Select(p => p.ProcessName));
    }
}

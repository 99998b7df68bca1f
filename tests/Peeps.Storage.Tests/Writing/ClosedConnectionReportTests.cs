using Peeps.Storage.Tests.Support;
using Peeps.Storage.Writing;

namespace Peeps.Storage.Tests.Writing;

/// <summary>The cut coordinator learns from the commit report that nothing more of a closed connection can reach SQL.</summary>
public sealed class ClosedConnectionReportTests : IDisposable
{
    private readonly TempDatabase _db = new();

    [Fact]
    public void Commit_report_lists_the_connections_whose_close_it_passed_even_when_the_close_was_refused()
    {
        using var writer = _db.OpenWriter();
        var opened = writer.Write([new ConnectionOpened(5, 100)]);

        var report = writer.Write([new ConnectionClosed(5, 200), new ConnectionClosed(9, 200)]);

        Assert.Empty(opened.ClosedConnIds);
        Assert.Equal([5L, 9L], report.ClosedConnIds);
        Assert.Single(report.Rejected);
    }

    public void Dispose() => _db.Dispose();
}

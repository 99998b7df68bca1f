using System.Net.Sockets;

namespace Peeps.Cli.Commands;

/// <summary>Why no simulated runtime could reach the ingest port, found by trying once more and keeping the socket error.</summary>
public static class IngestProbe
{
    public static async Task<string> DescribeUnreachableAsync(string host, int port, TimeSpan timeout, CancellationToken ct)
    {
        var target = $"{host}:{port}";
        using var probe = new TcpClient();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(timeout);
        try
        {
            await probe.ConnectAsync(host, port, limit.Token);
            return $"no simulated process connected to {target} within {timeout.TotalMilliseconds:0} ms (the port accepts connections: is it peeps-web's ingest port?)";
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return $"cannot connect to {target}: connection refused (is peeps-web running? --url-tcp is its ingest port; --retry keeps trying)";
        }
        catch (SocketException e)
        {
            return $"cannot connect to {target}: {e.Message}";
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return $"cannot connect to {target}: no answer within {timeout.TotalMilliseconds:0} ms";
        }
    }
}

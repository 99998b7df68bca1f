using System.Net;
using System.Net.Sockets;
using System.Text;
using Peeps.Reliability.Tests.Support;
using Peeps.Testing;

namespace Peeps.Reliability.Tests.Operations;

/// <summary>
/// As a <c>Type=notify</c> systemd service: the server says <c>READY=1</c> on the notify socket only once both of its
/// ports accept connections, and <c>STOPPING=1</c> when told to stop. The test plays systemd's part with a datagram socket.
/// </summary>
public sealed class SystemdNotifyTests
{
    [Fact]
    public async Task Ready_is_sent_once_both_ports_are_bound_and_stopping_when_terminated()
    {
        using var folder = new DatabaseFolder();
        var socketPath = Path.Combine(Path.GetDirectoryName(folder.DbPath)!, "notify.sock");
        using var notify = new Socket(AddressFamily.Unix, SocketType.Dgram, ProtocolType.Unspecified);
        notify.Bind(new UnixDomainSocketEndPoint(socketPath));
        int httpPort = FreePort.Next(), ingestPort = FreePort.Next();

        await using var server = ServerProcess.Launch(folder.DbPath, httpPort, ingestPort,
            new Dictionary<string, string> { ["NOTIFY_SOCKET"] = socketPath }, "Logging:LogLevel:Default=Warning");

        Assert.Equal("READY=1", await ReceiveAsync(notify, server));
        using (var ingest = new TcpClient())
            await ingest.ConnectAsync(IPAddress.Loopback, ingestPort);
        using (var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") })
            Assert.Equal("ok", (await http.GetStringAsync("/health")).Trim('"'));

        server.Terminate();
        Assert.Equal("STOPPING=1", await ReceiveAsync(notify, server));
        Assert.True(await server.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the server stopped on SIGTERM");
    }

    private static async Task<string> ReceiveAsync(Socket socket, ServerProcess server)
    {
        var buffer = new byte[256];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
            return Encoding.UTF8.GetString(buffer, 0, received).Trim();
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no notification within 30 s; the server said:\n{server.Output}");
        }
    }
}

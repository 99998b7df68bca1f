using System.Net;
using System.Net.Sockets;

namespace Peeps.Cluster.Tests.Support;

/// <summary>
/// A loopback port free now, below the kernel's ephemeral range, so a restarted node can bind its port again without
/// an outgoing connection having taken it meanwhile.
/// </summary>
public static class FreePort
{
    private static readonly HashSet<int> Handed = [];

    public static int Next()
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            lock (Handed)
                if (!Handed.Add(port)) continue;
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken; try another.
            }
        }
        throw new InvalidOperationException("no free loopback port between 20000 and 32000");
    }
}

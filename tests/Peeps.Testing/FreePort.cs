using System.Net;
using System.Net.Sockets;

namespace Peeps.Testing;

/// <summary>
/// A loopback port free right now, for a server in another process, whose port-0 choice the test cannot see.
/// Chosen below the kernel's ephemeral range (32768–60999 by default): a port from that range can be taken as the
/// local end of any outgoing connection on the machine while a killed server's successor is starting, and the
/// successor then fails to bind it.
/// </summary>
public static class FreePort
{
    private const int First = 20_000;
    private const int Last = 32_000;

    // A port handed out is not bound until its server starts, so without this two callers could be handed the same one.
    private static readonly HashSet<int> Handed = [];

    public static int Next()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(First, Last);
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
        throw new InvalidOperationException($"no free loopback port between {First} and {Last}");
    }
}

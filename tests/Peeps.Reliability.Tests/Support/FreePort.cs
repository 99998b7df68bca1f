using System.Net;
using System.Net.Sockets;

namespace Peeps.Reliability.Tests.Support;

/// <summary>A loopback port free right now, for a server in another process, whose port-0 choice the test cannot see.</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

using System.Globalization;

namespace Peeps.Reliability.Tests.Support;

/// <summary>
/// The bytes Linux holds in the buffers of one loopback TCP connection, from <c>/proc/net/tcp</c>: the server end's
/// send queue (written, not yet acknowledged) and the client end's receive queue (arrived, not yet read).
/// </summary>
public static class KernelSocketQueues
{
    public static long QueuedBytes(int serverPort, int clientPort)
    {
        long sendQueue = 0, receiveQueue = 0;
        foreach (var line in File.ReadLines("/proc/net/tcp").Skip(1))
        {
            // sl local_address rem_address st tx_queue:rx_queue ...; addresses are hex IP:port.
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var local = PortOf(fields[1]);
            var remote = PortOf(fields[2]);
            var queues = fields[4].Split(':');
            if (local == serverPort && remote == clientPort) sendQueue = long.Parse(queues[0], NumberStyles.HexNumber);
            if (local == clientPort && remote == serverPort) receiveQueue = long.Parse(queues[1], NumberStyles.HexNumber);
        }
        return sendQueue + receiveQueue;
    }

    private static int PortOf(string address) => int.Parse(address[(address.IndexOf(':') + 1)..], NumberStyles.HexNumber);
}

using System.CommandLine;
using Spectre.Console;

namespace Peeps.Cli.Commands;

/// <summary><c>peeps connections</c>: the runtimes connected right now.</summary>
public static class ConnectionsCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("connections", "List the runtime processes connected to peeps-web");
        command.SetAction((parse, ct) => cli.RunAsync(async () =>
        {
            using var client = cli.Client(parse, TimeSpan.FromSeconds(30));
            var connections = await client.GetConnectionsAsync(ct);
            var table = new Table().Border(TableBorder.Simple).AddColumns("conn_id", "process_name", "pid");
            foreach (var process in connections.Processes)
                table.AddRow(new Text(process.ConnId.ToString()), new Text(process.ProcessName), new Text(process.Pid.ToString()));
            if (connections.Processes.Count > 0) cli.Console.Write(table);
            cli.Console.WriteLine($"{connections.ConnectedProcesses} connected process{(connections.ConnectedProcesses == 1 ? "" : "es")}");
            return 0;
        }));
        return command;
    }
}

using Peeps.Cli;

using var cancel = new CancellationTokenSource();
// The only Ctrl+C handler (CliApp turns System.CommandLine's off). The first Ctrl+C cancels the command, which
// finishes cleanly (a simulation closes its connections) and exits 130; a second one lets the runtime end the process.
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};
return await CliApp.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable,
    interactive: !Console.IsOutputRedirected, cancel.Token);

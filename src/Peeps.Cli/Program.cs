using Peeps.Cli;

using var cancel = new CancellationTokenSource();
// The only Ctrl+C handler (CliApp turns System.CommandLine's off). The first Ctrl+C cancels the command, which
// finishes cleanly (a simulation closes its connections) and exits 130; a second one lets the runtime end the process.
ConsoleCancelEventHandler onCtrlC = (_, e) =>
{
    e.Cancel = !cancel.IsCancellationRequested;
    cancel.Cancel();
};
Console.CancelKeyPress += onCtrlC;
try
{
    return await CliApp.RunAsync(args, Console.Out, Console.Error, Environment.GetEnvironmentVariable,
        interactive: !Console.IsOutputRedirected, cancel.Token);
}
finally
{
    // A Ctrl+C while the process exits must not reach a disposed token source.
    Console.CancelKeyPress -= onCtrlC;
}

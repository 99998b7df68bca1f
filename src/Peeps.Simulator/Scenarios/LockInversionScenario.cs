using Peeps.Simulator.Model;

namespace Peeps.Simulator.Scenarios;

/// <summary>
/// <c>transfer</c> holds <c>accounts</c> and waits for <c>ledger</c>; <c>audit</c> holds <c>ledger</c> and waits for
/// <c>accounts</c>. A third task, <c>report</c>, queues behind the cycle: it waits on it without being part of it.
/// </summary>
internal sealed class LockInversionScenario(IReadOnlyList<ScenarioProcess> processes) : ScenarioWorkload(processes)
{
    protected override void LayOut()
    {
        var p = Processes[0];
        var accounts = p.Resource("accounts", "src/bank/state.rs:18", new LockBody(LockKind.RwLock));
        var ledger = p.Resource("ledger", "src/bank/state.rs:19", new LockBody(LockKind.Mutex));
        var transfer = p.StartTask("transfer", "src/bank/transfer.rs:30");
        var audit = p.StartTask("audit", "src/bank/audit.rs:12");
        p.ReleasedBy(accounts, transfer);
        p.ReleasedBy(ledger, audit);
        p.Await(transfer, "ledger.lock", "src/bank/transfer.rs:41", ledger);
        p.Await(audit, "accounts.write", "src/bank/audit.rs:27", accounts);
        var report = p.StartTask("report", "src/bank/report.rs:9");
        p.Await(report, "accounts.read", "src/bank/report.rs:15", accounts);
    }
}

using Peeps.Simulator.Model;

namespace Peeps.Simulator.Scenarios;

/// <summary>
/// In A, <c>place_order</c> holds <c>orders</c> and calls <c>Inventory.reserve</c> on B; B's handler calls back
/// <c>Orders.confirm_hold</c> on A, whose handler waits for <c>orders</c>. One cycle through both processes, closed
/// only by joining each request to the response the callee recorded for it.
/// </summary>
internal sealed class RpcCycleScenario(IReadOnlyList<ScenarioProcess> processes) : ScenarioWorkload(processes)
{
    protected override void LayOut()
    {
        var (a, b) = (Processes[0], Processes[1]);
        var orders = a.Resource("orders", "src/orders/store.rs:14", new LockBody(LockKind.Mutex));
        var placeOrder = a.StartTask("place_order", "src/orders/place.rs:20");
        a.ReleasedBy(orders, placeOrder);
        var reserve = a.Request(placeOrder, "Inventory.reserve", "sku=\"A-113\", qty=2", b, "src/orders/place.rs:34");
        var reserving = b.Serve(reserve, "Inventory.reserve", a, "src/inventory/rpc.rs:40");
        var confirm = b.Request(reserving, "Orders.confirm_hold", "order=7731", a, "src/inventory/reserve.rs:58");
        var confirming = a.Serve(confirm, "Orders.confirm_hold", b, "src/orders/rpc.rs:22");
        a.Await(confirming, "orders.lock", "src/orders/confirm.rs:17", orders);
    }
}

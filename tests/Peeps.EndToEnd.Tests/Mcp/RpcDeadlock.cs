namespace Peeps.EndToEnd.Tests.Mcp;

/// <summary>
/// Two processes deadlocked through RPC, as the Rust client reports it: A's caller F holds lock L (the holder edge
/// <c>L needs F</c>) and waits on its request to B; B's handler calls back into A; A's handler waits on L.
/// </summary>
internal static class RpcDeadlock
{
    public const string A = """
        {"entities":[
          {"id":"aaaaF","birth":1000,"source":"src/a.rs:10","name":"caller","body":"future","meta":{}},
          {"id":"aaaaRab","birth":2000,"source":"src/a.rs:11","name":"B.work","body":{"request":{"method":"B.work","args_preview":"()"}},"meta":{}},
          {"id":"aaaaL","birth":500,"source":"src/a.rs:5","name":"state.lock","body":{"lock":{"kind":"mutex"}},"meta":{"note":"held by caller"}},
          {"id":"aaaaPa","birth":3000,"source":"src/a.rs:20","name":"A.callback","body":{"response":{"method":"A.callback","status":"pending"}},"meta":{}},
          {"id":"aaaaH","birth":3000,"source":"src/a.rs:21","name":"handle A.callback","body":"future","meta":{}}
        ],"scopes":[],"edges":[
          {"src":"aaaaF","dst":"aaaaRab","kind":"needs","meta":null},
          {"src":"aaaaL","dst":"aaaaF","kind":"needs","meta":null},
          {"src":"bbbbRba","dst":"aaaaPa","kind":"rpc_link","meta":null},
          {"src":"aaaaH","dst":"aaaaPa","kind":"needs","meta":null},
          {"src":"aaaaH","dst":"aaaaL","kind":"needs","meta":null}
        ],"events":[]}
        """;

    public const string B = """
        {"entities":[
          {"id":"bbbbPb","birth":2500,"source":"src/b.rs:20","name":"B.work","body":{"response":{"method":"B.work","status":"pending"}},"meta":{}},
          {"id":"bbbbH","birth":2500,"source":"src/b.rs:21","name":"handle B.work","body":"future","meta":{}},
          {"id":"bbbbRba","birth":2600,"source":"src/b.rs:30","name":"A.callback","body":{"request":{"method":"A.callback","args_preview":"()"}},"meta":{}}
        ],"scopes":[],"edges":[
          {"src":"aaaaRab","dst":"bbbbPb","kind":"rpc_link","meta":null},
          {"src":"bbbbH","dst":"bbbbPb","kind":"needs","meta":null},
          {"src":"bbbbH","dst":"bbbbRba","kind":"needs","meta":null}
        ],"events":[]}
        """;
}

namespace Peeps.Testing;

/// <summary>The <c>snapshot</c> object of a snapshot reply, in the JSON the Rust client writes.</summary>
public static class SnapshotGraphs
{
    public const string Future = "\"future\"";
    public const string MutexLock = """{"lock":{"kind":"mutex"}}""";

    public static string Request(string method) => $$$"""{"request":{"method":"{{{method}}}","args_preview":"()"}}""";

    public static string Response(string method) => $$$"""{"response":{"method":"{{{method}}}","status":"pending"}}""";

    public static string ChannelRx(int occupancy, int capacity) =>
        "{\"channel_rx\":{\"lifecycle\":\"open\",\"details\":{\"mpsc\":{\"buffer\":{\"occupancy\":" + occupancy + ",\"capacity\":" + capacity + "}}}}}";

    public static string Entity(string id, string name, string body = Future, long birth = 1_000) =>
        $$$"""{"id":"{{{id}}}","birth":{{{birth}}},"source":"src/lib.rs:10","name":"{{{name}}}","body":{{{body}}},"meta":{}}""";

    public static string Edge(string src, string dst, string kind = "needs") =>
        $$"""{"src":"{{src}}","dst":"{{dst}}","kind":"{{kind}}","meta":null}""";

    public static string Graph(IEnumerable<string> entities, IEnumerable<string> edges) =>
        $$"""{"entities":[{{string.Join(",", entities)}}],"scopes":[],"edges":[{{string.Join(",", edges)}}],"events":[]}""";
}

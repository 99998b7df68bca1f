using System.Text.Json;
using Peeps.Reliability.Tests.Support;
using Peeps.Testing;

namespace Peeps.Reliability.Tests.Operations;

/// <summary>
/// With <c>Logging:Console:FormatterName=json</c> every line the server writes is one JSON object, and Akka's log
/// calls arrive with their template's values as fields, not only baked into the message.
/// </summary>
public sealed class JsonConsoleLogTests
{
    [Fact]
    public async Task Every_console_line_is_json_and_akkas_messages_carry_their_values_as_fields()
    {
        using var folder = new DatabaseFolder();
        await using var server = await ServerProcess.StartAsync(folder.DbPath,
            "Logging:Console:FormatterName=json", "Logging:LogLevel:Default=Information");
        using (var runtime = RuntimeClient.Connect(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, server.IngestPort)))
        {
            await runtime.HandshakeAsync("json-logs", 11);
            await Eventually.Until(() => Task.FromResult(server.Output), output => output.Contains("\"ConnId\"", StringComparison.Ordinal),
                TimeSpan.FromSeconds(15), "the accepted connection's log line");
        }
        server.Terminate();
        Assert.True(await server.WaitForExitAsync(TimeSpan.FromSeconds(30)), "the server stopped on SIGTERM");

        var lines = server.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var entries = lines.Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();
        Assert.All(entries, entry =>
        {
            Assert.True(entry.TryGetProperty("LogLevel", out _));
            Assert.True(entry.TryGetProperty("Category", out _));
            Assert.True(entry.TryGetProperty("Message", out _));
        });
        var accepted = Assert.Single(entries, entry =>
            entry.TryGetProperty("State", out var state) && state.TryGetProperty("{OriginalFormat}", out var format)
            && format.GetString() == "conn {ConnId}: accepted from {RemoteAddress}");
        var fields = accepted.GetProperty("State");
        Assert.True(long.Parse(fields.GetProperty("ConnId").ToString(), System.Globalization.CultureInfo.InvariantCulture) > 0);
        Assert.Contains("127.0.0.1", fields.GetProperty("RemoteAddress").GetString(), StringComparison.Ordinal);
        Assert.Contains(entries, entry => entry.GetProperty("Message").GetString()!.StartsWith("peeps-web ", StringComparison.Ordinal)
            && entry.GetProperty("State").TryGetProperty("AkkaVersion", out _));
    }
}

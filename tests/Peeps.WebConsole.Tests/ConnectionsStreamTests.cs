using System.Diagnostics;
using System.Text.Json;

namespace Peeps.WebConsole.Tests;

[Collection(ConsoleCollection.Name)]
public sealed class ConnectionsStreamTests(ConsoleFixture fixture)
{
    private static async Task<(string Event, string Data)> NextEventAsync(StreamReader reader)
    {
        string? name = null;
        string? data = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal)) name = line["event: ".Length..];
            else if (line.StartsWith("data: ", StringComparison.Ordinal)) data = line["data: ".Length..];
            else if (line.Length == 0 && data is not null) return (name ?? "message", data);
        }
        throw new EndOfStreamException("the event stream ended");
    }

    [Fact]
    public async Task Stream_sends_the_connections_json_as_a_connections_event()
    {
        using var response = await fixture.Server.Http.GetAsync("/api/connections/stream", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());

        var (name, data) = await NextEventAsync(reader).WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal("connections", name);
        var view = JsonDocument.Parse(data).RootElement;
        Assert.Equal(fixture.ConnectedProcesses, view.GetProperty("connected_processes").GetInt32());
        Assert.Contains(view.GetProperty("processes").EnumerateArray(), p => p.GetProperty("pid").GetUInt32() == SaturatedRuntime.Pid);
    }

    [Fact]
    public async Task Open_stream_ends_cleanly_and_does_not_hold_up_server_shutdown()
    {
        var server = await PeepsServer.StartAsync();
        var response = await server.Http.GetAsync("/api/connections/stream", HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        await NextEventAsync(reader).WaitAsync(TimeSpan.FromSeconds(5));
        var drain = Task.Run(async () =>
        {
            try { while (await reader.ReadLineAsync() is not null) { } }
            catch (IOException) { }
            catch (HttpRequestException) { }
        });

        var stopping = Stopwatch.StartNew();
        await server.DisposeAsync();

        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(5), $"shutdown took {stopping.Elapsed}");
        await drain.WaitAsync(TimeSpan.FromSeconds(5));
        reader.Dispose();
        response.Dispose();
    }
}

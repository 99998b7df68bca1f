using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Peeps.Cli.Tests;

/// <summary>A tiny HTTP server standing in for peeps-web: answers each request with what the test's handler returns.</summary>
internal sealed class FakeHttpServer : IDisposable
{
    private readonly HttpListener _listener = new();
    private readonly Func<FakeRequest, (int Status, string ContentType, string Body)> _handler;
    private readonly List<FakeRequest> _requests = [];
    private readonly Task _loop;

    public FakeHttpServer(Func<FakeRequest, (int Status, string ContentType, string Body)> handler)
    {
        _handler = handler;
        Url = $"http://127.0.0.1:{FreePort()}/";
        _listener.Prefixes.Add(Url);
        _listener.Start();
        _loop = Task.Run(LoopAsync);
    }

    public string Url { get; }

    public IReadOnlyList<FakeRequest> Requests
    {
        get { lock (_requests) return [.. _requests]; }
    }

    public static (int, string, string) Json(string body, int status = 200) => (status, "application/json", body);

    public void Dispose()
    {
        _listener.Close();
        _loop.Wait(TimeSpan.FromSeconds(5));
    }

    private static int FreePort()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task LoopAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var request = new FakeRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, await reader.ReadToEndAsync());
            lock (_requests) _requests.Add(request);
            var (status, contentType, body) = _handler(request);
            var bytes = Encoding.UTF8.GetBytes(body);
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            context.Response.ContentLength64 = bytes.Length;
            await context.Response.OutputStream.WriteAsync(bytes);
            context.Response.Close();
        }
    }
}

internal sealed record FakeRequest(string Method, string Path, string Body);

using System.Collections.Concurrent;
using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Peeps.Ingest.Tracing;

namespace Peeps.EndToEnd.Tests.Telemetry;

/// <summary>
/// An OpenTelemetry tracer provider of the test's own, listening to the service's spans and ASP.NET Core's request
/// spans in this process and keeping each finished one. Servers of tests running in parallel add theirs too, so a
/// test picks its trace out by the request its own server answered.
/// </summary>
internal sealed class SpanCollector : IDisposable
{
    private readonly ConcurrentQueue<Activity> _finished = new();
    private readonly TracerProvider _provider;

    public SpanCollector()
    {
        _provider = Sdk.CreateTracerProviderBuilder()
            .AddSource(PeepsTracing.SourceName)
            .AddAspNetCoreInstrumentation()
            .AddProcessor(new Keeping(_finished))
            .Build()!;
    }

    /// <summary>The request span of <paramref name="method"/> <paramref name="path"/> that the server on <paramref name="port"/> answered.</summary>
    public Activity? Request(int port, string method, string path) => _finished.FirstOrDefault(span =>
        span.Kind == ActivityKind.Server
        && Equals(span.GetTagItem("server.port"), port)
        && (string?)span.GetTagItem("http.request.method") == method
        && (string?)span.GetTagItem("url.path") == path);

    public IReadOnlyList<Activity> Trace(ActivityTraceId traceId) => [.. _finished.Where(span => span.TraceId == traceId)];

    public void Dispose() => _provider.Dispose();

    private sealed class Keeping(ConcurrentQueue<Activity> finished) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => finished.Enqueue(data);
    }
}

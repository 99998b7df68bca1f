using Microsoft.Extensions.DependencyInjection.Extensions;
using Peeps.Web.Configuration;
using Peeps.Web.Diagnosis;
using Peeps.Web.History;

namespace Peeps.Web.Hosting;

public static class DiagnosisServices
{
    public static IServiceCollection AddPeepsDiagnosis(this IServiceCollection services, PeepsOptions options)
    {
        services
            .AddSingleton(options.Diagnosis)
            .AddSingleton<StoredSnapshots>()
            .AddSingleton<SnapshotTaker>()
            .AddSingleton<FreshSnapshots>()
            .AddSingleton(options.History)
            .AddSingleton<RebuildSlots>()
            .AddSingleton<GraphHistory>();
        // Cluster mode has registered its own source already: the graph across every node's shard.
        services.TryAddSingleton<IGraphAtSource>(sp => sp.GetRequiredService<GraphHistory>());
        return services;
    }
}

using Peeps.Web.Configuration;
using Peeps.Web.Diagnosis;

namespace Peeps.Web.Hosting;

public static class DiagnosisServices
{
    public static IServiceCollection AddPeepsDiagnosis(this IServiceCollection services, PeepsOptions options) => services
        .AddSingleton(options.Diagnosis)
        .AddSingleton<StoredSnapshots>()
        .AddSingleton<FreshSnapshots>()
        .AddSingleton(options.History)
        .AddSingleton<History.GraphHistory>();
}

using Peeps.Ingest.Metrics;
using Peeps.Storage;
using Peeps.Storage.Export;
using Peeps.Storage.Retention;
using Peeps.Storage.QueryPacks;
using Peeps.Storage.Reading;
using Peeps.Storage.Schema;
using Peeps.Storage.Sqlite;
using Peeps.Storage.Writing;
using Peeps.Web.Configuration;

namespace Peeps.Web.Hosting;

public static class StoreServices
{
    /// <summary>
    /// Opens (creating or migrating) the SQLite file once at start, so a schema problem stops the server
    /// before it accepts anything, and registers the single writer, its background checkpointer and the read-only SQL executor.
    /// A read-only server (<see cref="PeepsOptions.ReadOnly"/>) checks its copy here, before anything else is built,
    /// and never resolves the writer or the checkpointer (they would refuse to open).
    /// </summary>
    public static IServiceCollection AddPeepsStore(this IServiceCollection services, PeepsOptions options)
    {
        var storage = new StorageSettings { DatabasePath = Path.GetFullPath(options.Db), ReadOnly = options.ReadOnly };
        SqliteHeapLimit.Apply(SqliteHeapLimit.For(options.Writer, options.Sql));
        services.AddSingleton(storage);
        services.AddSingleton(options.Writer);
        services.AddSingleton(options.Sql);
        if (options.ReadOnly) services.AddSingleton(StoreInitializer.Initialize(storage));
        else services.AddSingleton(_ => StoreInitializer.Initialize(storage));
        services.AddSingleton<IStoreWriter>(provider =>
        {
            provider.GetRequiredService<StoreStartState>();
            return new SqliteStoreWriter(storage, options.Writer);
        });
        services.AddSingleton(provider =>
        {
            provider.GetRequiredService<StoreStartState>();
            return new WalCheckpointer(storage);
        });
        services.AddSingleton<ISqlQueryExecutor>(provider =>
        {
            provider.GetRequiredService<StoreStartState>();
            return new SqlQueryExecutor(storage, options.Sql);
        });
        services.AddSingleton(_ => new DatabaseExporter(storage, options.Export));
        services.AddSingleton(options.Processes);
        services.AddSingleton<Processes.ProcessDirectory>();
        services.AddSingleton(options.Retention);
        services.AddSingleton(new RetentionStatus(storage));
        services.AddSingleton(provider => new StoreFootprintMetrics(provider.GetRequiredService<PeepsMetrics>().Meter, provider.GetRequiredService<RetentionStatus>()));
        services.AddSingleton(provider => new QueryPackRunner(provider.GetRequiredService<ISqlQueryExecutor>(), options.Sql.MaxRows));
        return services;
    }
}

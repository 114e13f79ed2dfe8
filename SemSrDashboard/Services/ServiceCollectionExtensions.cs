using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Engine.Upsampling;
using SemSrDashboard.Hosting;

namespace SemSrDashboard.Services;

public static class ServiceCollectionExtensions
{
    /// <summary>The Engine on the configured database, the background run queue and live progress.</summary>
    public static IServiceCollection AddEvaluationServices(this IServiceCollection services, IConfiguration configuration,
        IHostEnvironment environment)
    {
        services.Configure<DashboardOptions>(configuration.GetSection(DashboardOptions.Section));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DashboardOptions>>().Value;
            DatabaseTarget target;
            try
            {
                target = options.Database is { Length: > 0 } db ? DatabaseTarget.Parse(db, environment.ContentRootPath) : DatabaseTarget.Default();
            }
            catch (FormatException e)
            {
                throw new DatabaseUnavailableException($"the configured database (SemSr:Database or SEMSR_DB): {e.Message}", e);
            }
            var loggers = sp.GetRequiredService<ILoggerFactory>();
            var modelLog = loggers.CreateLogger("SemSrDashboard.Models");
            // The host serves nothing until the database is open: a wait for another process's lock (e.g. one
            // upgrading the schema) is said in the log, and ends when that process finishes or dies.
            var databaseLog = loggers.CreateLogger("SemSrDashboard.Database");
            databaseLog.LogInformation("Database {Database}", target.Display);
            var settings = DatabaseOpenSettings.FromEnvironment(message => databaseLog.LogWarning("{Message}", message));
            // The fine-tune folder is offered too, so that the dashboard's fine-tuned models appear in every model list.
            return new EngineContext(EvaluationDatabase.Open(target, settings),
                new ModelMethodCatalog(FineTuneService.ModelFolders(options), modelLog));
        });
        services.AddSingleton(sp => sp.GetRequiredService<EngineContext>().CreateInspector());
        services.AddSingleton(sp => new DataRoots(sp.GetRequiredService<IOptions<DashboardOptions>>(), environment, sp.GetRequiredService<EngineContext>()));
        services.AddSingleton<DataFolderBrowser>();
        services.AddSingleton<ProgressBroadcaster>();
        services.AddSingleton(sp => new RunListCache(sp.GetRequiredService<EngineContext>().Store, sp.GetRequiredService<ProgressBroadcaster>()));
        services.AddSingleton(sp => new RunResultsCache(sp.GetRequiredService<EngineContext>().Store,
            sp.GetRequiredService<ProgressBroadcaster>(), sp.GetRequiredService<ILogger<RunResultsCache>>()));
        services.AddSingleton(sp => new WorkerBoard(new WorkerRoster(sp.GetRequiredService<EngineContext>().Database),
            sp.GetRequiredService<RunListCache>(), sp.GetRequiredService<ILogger<WorkerBoard>>()));
        services.AddSingleton<OpenCircuits>();
        services.AddSingleton<CircuitHandler>(sp => sp.GetRequiredService<OpenCircuits>());
        services.AddSingleton<FineTuneService>();
        services.AddHostedService(sp => sp.GetRequiredService<FineTuneService>());
        services.AddSingleton<FineTuneEstimator>();
        services.AddSingleton<HeldOutComparison>();
        services.AddSingleton<RunQueueService>();
        services.AddHostedService(sp => sp.GetRequiredService<RunQueueService>());
        services.AddHostedService<DemoRunSeeder>();
        return services;
    }
}

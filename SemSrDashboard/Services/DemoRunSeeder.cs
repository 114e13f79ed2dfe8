using Microsoft.Extensions.Options;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Hosting;

namespace SemSrDashboard.Services;

/// <summary>On an empty database, queues a run on the bundled demo images with the default model, so a newcomer
/// sees real results within a minute of starting the dashboard.</summary>
public sealed class DemoRunSeeder(EngineContext engine, RunQueueService queue, IOptions<DashboardOptions> options,
    DataRoots roots, ILogger<DemoRunSeeder> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        // The demo folder is the first configured root, never a folder added from the dashboard (a lab's data).
        var demo = roots.All.FirstOrDefault(r => r.Configured);
        if (!options.Value.DemoRun || engine.Store.ListRuns().Count > 0 || demo is null)
            return Task.CompletedTask;
        if (!Directory.Exists(demo.Path))
            return Task.CompletedTask;
        var methods = new[] { MethodIds.Baseline }.Concat(options.Value.DemoMethods.Where(engine.Methods.IsKnown)).ToList();
        try
        {
            var run = queue.Enqueue(new RunSettings(demo.Path, methods));
            logger.LogInformation("Queued demo run {RunId} on {Path} with {Methods}", run.Id, demo.Path, string.Join(",", methods));
        }
        catch (InvalidRunSettingsException e)
        {
            logger.LogWarning("No demo run: {Reason}", e.Message);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

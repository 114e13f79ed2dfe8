using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Engine.Training;
using SemSrDashboard.Engine.Upsampling;
using SemSrDashboard.Hosting;
using SemSrDashboard.Model;
using SemSrDashboard.Services;

namespace SemSrDashboard.Tests.Training;

/// <summary>The dashboard's background fine-tuning job: it trains exactly as <c>models finetune</c> does, pause and
/// resume lose no step, cancel keeps nothing, the written model is offered at once with its lineage, and a restart
/// resumes a job that was training.</summary>
[Collection(TrainingCollection.Name)]
public sealed class FineTuneServiceTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private readonly TrainingWorkspace _workspace = new();

    private (FineTuneService Service, EngineContext Engine) NewService(double checkpointMinutes = 5)
    {
        var options = Options.Create(new DashboardOptions
        {
            DataRoots = [_workspace.Data], FineTuneFolder = _workspace.Out, FineTuneCheckpointMinutes = checkpointMinutes,
        });
        var engine = new EngineContext(EvaluationDatabase.Open(Path.Combine(_workspace.Folder, "web.db")),
            new ModelMethodCatalog([RepositoryPaths.Models]));
        var roots = new DataRoots(options, new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = _workspace.Folder });
        return (new FineTuneService(engine, options, roots, NullLogger<FineTuneService>.Instance), engine);
    }

    private static async Task<FineTuneStatus> WaitFor(FineTuneService service, Func<FineTuneStatus, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + Limit;
        while (DateTime.UtcNow < deadline)
        {
            var status = service.Status;
            if (condition(status))
                return status;
            await Task.Delay(20);
        }
        throw new TimeoutException($"{what}: still {service.Status.State} at step {service.Status.Step} ({service.Status.Message})");
    }

    private string Uninterrupted(long steps)
    {
        var outcome = new FineTuneJob(_workspace.Plan(_workspace.Tiny("whole", steps, Path.Combine(_workspace.Folder, "whole")))).Run();
        return outcome.Card!.Sha256;
    }

    [Fact]
    public async Task A_job_trains_like_the_verb_and_its_model_is_offered_at_once_with_its_lineage()
    {
        var (service, engine) = NewService();
        Assert.False(engine.Methods.IsKnown("lab"));
        service.Start(_workspace.Tiny("lab", steps: 6, validateEvery: 3));

        var done = await WaitFor(service, s => s.State is FineTuneState.Completed or FineTuneState.Failed, "the job to end");
        Assert.True(done.State == FineTuneState.Completed, done.Message);
        Assert.Equal(6, done.Step);
        Assert.Equal([1L, 2, 3, 4, 5, 6], done.Losses.Select(p => p.Step));
        Assert.All(done.Losses, p => Assert.True(p.Loss > 0 && double.IsFinite(p.MeanLoss)));
        Assert.Equal([3L, 6], done.HeldOut.Select(p => p.Step));
        Assert.All(done.HeldOut, p => Assert.InRange(p.Psnr, 10, 60));
        Assert.Equal(Uninterrupted(6), done.Model!.Sha256);

        // Offered without a restart, named with its lineage, and no job record or checkpoint left behind.
        Assert.True(engine.Methods.IsKnown("lab"));
        Assert.Equal("rdn-slim-x4 → lab", ModelLineageLabel.For(engine.Methods, "lab"));
        Assert.Equal("rdn-slim-x4", ModelLineageLabel.For(engine.Methods, "rdn-slim-x4"));
        Assert.False(service.IsTraining);
        Assert.Empty(Directory.GetFiles(_workspace.Out, "*.checkpoint"));
        Assert.Empty(Directory.GetFiles(_workspace.Out, "*" + FineTuneJobFile.Suffix));
    }

    [Fact]
    public async Task Paused_and_resumed_it_ends_with_the_weights_of_an_uninterrupted_job()
    {
        const int Steps = 60;
        var (service, _) = NewService();
        service.Start(_workspace.Tiny("paused", steps: Steps));
        await WaitFor(service, s => s.Step >= 2, "the first steps");
        service.Pause();
        var paused = await WaitFor(service, s => s.State is FineTuneState.Paused or FineTuneState.Completed, "the pause");
        Assert.Equal(FineTuneState.Paused, paused.State);
        Assert.InRange(paused.Step, 2, Steps - 1);
        Assert.True(File.Exists(Path.Combine(_workspace.Out, "paused.checkpoint")));
        Assert.True(FineTuneJobFile.Newest(_workspace.Out)!.Paused);
        Assert.False(service.IsTraining);

        service.Resume();
        var done = await WaitFor(service, s => s.State is FineTuneState.Completed or FineTuneState.Failed, "the job to end");
        Assert.True(done.State == FineTuneState.Completed, done.Message);
        Assert.Equal(paused.Step, done.ResumedFrom);
        Assert.Equal(Uninterrupted(Steps), done.Model!.Sha256);
    }

    [Fact]
    public void A_data_folder_outside_the_data_roots_is_refused_before_anything_is_read()
    {
        var (service, _) = NewService();
        string outside = RepositoryPaths.CopyDemoCategories(Directory.CreateDirectory(Path.Combine(_workspace.Folder, "elsewhere")).FullName,
            "Biological", "Geological_Shale", "Nanowires", "Patterned_surface", "Surface_Topography_BSE");
        var refused = Assert.Throws<FineTuneRefusedException>(() => service.Start(_workspace.Tiny("outside") with { DataRoot = outside }));
        Assert.Contains("is outside the dashboard's data folders", refused.Message);
        Assert.Equal(FineTuneState.None, service.Status.State);
        Assert.False(Directory.Exists(_workspace.Out));
    }

    [Fact]
    public async Task Cancelled_while_training_nothing_is_kept_and_another_job_may_start()
    {
        var (service, _) = NewService(checkpointMinutes: 0);
        service.Start(_workspace.Tiny("dropped", steps: 500));
        await WaitFor(service, s => s.Step >= 2, "the first steps");
        Assert.Throws<FineTuneRefusedException>(() => service.Start(_workspace.Tiny("second")));
        Assert.True(service.IsTraining);

        await service.CancelAsync();
        var status = service.Status;
        Assert.Equal(FineTuneState.None, status.State);
        Assert.Contains("Cancelled the fine-tuning of 'dropped' at step", status.Message);
        Assert.Empty(Directory.GetFiles(_workspace.Out));
    }

    [Fact]
    public async Task After_a_restart_a_job_that_was_training_resumes_by_itself_and_a_paused_one_waits()
    {
        const int Steps = 40;
        var (first, _) = NewService(checkpointMinutes: 0);
        first.Start(_workspace.Tiny("restarted", steps: Steps, validateEvery: 2));
        await WaitFor(first, s => s.Step >= 4, "the first steps");
        // A stopping host: the job checkpoints and its record still says "training".
        await first.StopAsync(CancellationToken.None);
        Assert.False(FineTuneJobFile.Newest(_workspace.Out)!.Paused);
        var beforeRestart = first.Status;
        Assert.True(beforeRestart.Losses.Count >= 4 && beforeRestart.HeldOut.Count >= 2);

        var (second, engine) = NewService();
        await second.StartAsync(CancellationToken.None);
        var done = await WaitFor(second, s => s.State is FineTuneState.Completed or FineTuneState.Failed, "the resumed job to end");
        Assert.True(done.State == FineTuneState.Completed, done.Message);
        Assert.InRange(done.ResumedFrom ?? -1, 4, Steps - 1);
        // The live view shows the curve from step 1, the points from before the restart exactly as they were shown then.
        long resumedFrom = done.ResumedFrom!.Value;
        Assert.Equal(Enumerable.Range(1, Steps).Select(s => (long)s), done.Losses.Select(l => l.Step));
        Assert.Equal(beforeRestart.Losses.Where(l => l.Step <= resumedFrom), done.Losses.Where(l => l.Step <= resumedFrom));
        Assert.Equal(Enumerable.Range(1, Steps / 2).Select(k => 2L * k), done.HeldOut.Select(h => h.Step));
        Assert.Equal(beforeRestart.HeldOut.Where(h => h.Step <= resumedFrom), done.HeldOut.Where(h => h.Step <= resumedFrom));
        Assert.Equal(Uninterrupted(Steps), done.Model!.Sha256);
        Assert.True(engine.Methods.IsKnown("restarted"));

        new FineTuneJobFile(_workspace.Tiny("waiting") with { OutDir = _workspace.Out }, Paused: true).Save(_workspace.Out);
        var (third, _) = NewService();
        await third.StartAsync(CancellationToken.None);
        await WaitFor(third, s => s.State != FineTuneState.None, "the job record to be read");
        await Task.Delay(500);
        Assert.Equal(FineTuneState.Paused, third.Status.State);
        Assert.Equal("waiting", third.Status.Settings!.NewId);
        await third.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_run_queued_while_a_job_trains_waits_for_it_and_a_job_is_refused_while_a_run_evaluates()
    {
        var (service, engine) = NewService();
        var options = Options.Create(new DashboardOptions { DataRoots = [_workspace.Data] });
        var roots = new DataRoots(options, new Microsoft.Extensions.Hosting.Internal.HostingEnvironment { ContentRootPath = _workspace.Folder });

        var queue = new RunQueueService(engine, new ProgressBroadcaster(NullLogger<ProgressBroadcaster>.Instance), options, roots, service,
            NullLogger<RunQueueService>.Instance, NullLogger<SemSrDashboard.Engine.Runs.RunExecutor>.Instance);
        service.Start(_workspace.Tiny("long", steps: 100_000));
        await WaitFor(service, s => s.Step >= 1, "the first step");
        await queue.StartAsync(CancellationToken.None);
        try
        {
            int runId = queue.Enqueue(new SemSrDashboard.Engine.Domain.RunSettings(_workspace.Data, ["bicubic", "bilinear"])).Id;
            await Task.Delay(TimeSpan.FromSeconds(7)); // two of the queue's polls
            Assert.Equal(SemSrDashboard.Engine.Domain.RunStatus.Queued, engine.Store.ListRuns().Single(r => r.Id == runId).Status);

            await service.CancelAsync();
            var deadline = DateTime.UtcNow + Limit;
            while (engine.Store.ListRuns().Single(r => r.Id == runId).Status != SemSrDashboard.Engine.Domain.RunStatus.Completed && DateTime.UtcNow < deadline)
                await Task.Delay(100);
            Assert.Equal(SemSrDashboard.Engine.Domain.RunStatus.Completed, engine.Store.ListRuns().Single(r => r.Id == runId).Status);

            // A run another process is evaluating (running, lease valid): the fine-tuning is refused, naming it.
            engine.Store.UpdateRun(runId, r => r with
            {
                Status = SemSrDashboard.Engine.Domain.RunStatus.Running,
                LeaseExpiresUtc = DateTime.UtcNow.AddMinutes(5),
            });
            var refused = Assert.Throws<FineTuneRefusedException>(() => service.Start(_workspace.Tiny("later")));
            Assert.Contains($"run #{runId} is evaluating", refused.Message);
            Assert.Equal(FineTuneState.None, service.Status.State);
        }
        finally
        {
            await queue.StopAsync(CancellationToken.None);
        }
    }

    public void Dispose() => _workspace.Dispose();
}

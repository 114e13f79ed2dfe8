using SemSrDashboard.Cli;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Tests.Runs;

/// <summary><c>runs pause|cancel|resume</c> acting on a run that another process, or this one, is executing.</summary>
[Collection(RunsCollection.Name)]
public sealed class RunControlTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(1);

    /// <summary>A short lease makes the executing process notice requests within a fraction of a second.</summary>
    private static readonly Dictionary<string, string> ShortLease = new() { [RunExecutor.LeaseSecondsVariable] = "1" };

    private static async Task<(int Code, string Output, string Error)> CliAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await CommandLine.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task RunsPause_StopsEvaluateInAnotherProcess_KeepsItsResults_AndTheSameCommandResumesIt()
    {
        using var workspace = new RunWorkspace(copiesPerImage: 20);
        string db = workspace.PathOf("p.db");
        string[] evaluate = ["evaluate", "--data", workspace.Data, "--methods", "bicubic,rdn-slim-x4", "--db", db]; // a real model: the run lasts seconds, not a fraction of one

        using (var child = CliProcess.Start(workspace.Root, ShortLease, evaluate))
        {
            await DatabaseProbe.WaitUntilAsync(() => DatabaseProbe.ResultCount(db) >= 10, Limit, "results");
            var pause = await CliAsync("runs", "pause", "1", "--db", db);
            Assert.True(pause.Code == 0, pause.Error);
            Assert.Contains("running → paused", pause.Error);
            Assert.Equal("", pause.Output); // a confirmation, not data

            int code = await child.WaitAsync(Limit);
            Assert.True(code == ExitCodes.Interrupted, $"exit {code}\n{child.Output}\n{child.Error}");
            Assert.Contains("run the same command again to resume", child.Error);
        }
        var paused = DatabaseProbe.SingleRun(db);
        Assert.Equal(RunStatus.Paused, paused.Status);
        Assert.Null(paused.LeaseOwner);
        int kept = DatabaseProbe.ResultCount(db);
        Assert.InRange(kept, 10, workspace.ImageCount * 2 - 1);
        Assert.Equal(0, kept % 2); // whole images only

        var resumed = await CliProcess.RunAsync(workspace.Root, ShortLease, Limit, evaluate);
        Assert.True(resumed.ExitCode == 0, $"exit {resumed.ExitCode}\n{resumed.Output}\n{resumed.Error}");
        Assert.Contains("Resuming run 1", resumed.Error);
        Assert.Equal(RunStatus.Completed, DatabaseProbe.SingleRun(db).Status);
        Assert.Equal(workspace.ImageCount * 2, DatabaseProbe.ResultCount(db));
    }

    [Fact]
    public async Task Evaluate_WhileAnotherLiveProcessExecutesTheRun_RefusesAndLeavesItAlone()
    {
        using var workspace = new RunWorkspace(copiesPerImage: 12);
        string db = workspace.PathOf("two.db"), csv = workspace.PathOf("second.csv");
        string[] evaluate = ["evaluate", "--data", workspace.Data, "--methods", "bicubic,rdn-slim-x4", "--db", db]; // a real model: the run lasts seconds, not a fraction of one

        using var first = CliProcess.Start(workspace.Root, null, evaluate);
        await DatabaseProbe.WaitUntilAsync(() => DatabaseProbe.ResultCount(db) >= 4, Limit, "results");
        var second = await CliAsync([.. evaluate, "--csv", csv]);
        Assert.True(second.Code == ExitCodes.Interrupted, $"exit {second.Code}\n{second.Output}\n{second.Error}");
        Assert.Contains($"Run 1 is being executed by cli@{Environment.MachineName}:{first.Id}:", second.Error);
        Assert.False(File.Exists(csv)); // no partial export of a run another process is writing

        int code = await first.WaitAsync(Limit);
        Assert.True(code == 0, $"exit {code}\n{first.Output}\n{first.Error}");
        Assert.Equal(RunStatus.Completed, DatabaseProbe.SingleRun(db).Status);
        Assert.Equal(workspace.ImageCount * 2, DatabaseProbe.ResultCount(db));
    }

    [Fact]
    public async Task RunsPauseThenResume_OnAnInProcessRun_QueuesItAgain_AndEvaluateResumeCompletesIt()
    {
        using var workspace = new RunWorkspace(copiesPerImage: 20); // with a real model, enough work that the request lands mid-run on a fast machine
        string db = workspace.PathOf("r.db");
        var (engine, run, executor) = InProcessRun(workspace, db);

        int pausedAt = -1;
        Task<(int Code, string Output, string Error)>? pause = null;
        var outcome = await executor.ExecuteAsync(run.Id, EngineContext.NewOwnerId("test"), p =>
        {
            if (pause is null && p.Done >= 3)
            {
                pausedAt = p.Done;
                pause = Task.Run(() => CliAsync("runs", "pause", run.Id.ToString(), "--db", db));
            }
        });
        Assert.NotNull(pause);
        Assert.Equal(0, (await pause).Code);
        Assert.Equal(RunStatus.Paused, outcome.Status);
        Assert.Equal(RunStatus.Paused, engine.Store.FindRun(run.Id)!.Status);
        int kept = engine.Store.Results(run.Id).Count;
        Assert.InRange(kept, pausedAt * 3, workspace.ImageCount * 3 - 1);

        var resume = await CliAsync("runs", "resume", run.Id.ToString(), "--db", db);
        Assert.True(resume.Code == 0, resume.Error);
        Assert.Equal(RunStatus.Queued, engine.Store.FindRun(run.Id)!.Status);
        Assert.Equal(kept, engine.Store.Results(run.Id).Count);

        var evaluate = await CliAsync("evaluate", "--data", workspace.Data, "--methods", "bilinear,lanczos", "--db", db, "--resume", run.Id.ToString());
        Assert.True(evaluate.Code == 0, $"{evaluate.Output}\n{evaluate.Error}");
        Assert.Contains($"Resuming run {run.Id}", evaluate.Error);
        Assert.Equal(RunStatus.Completed, engine.Store.FindRun(run.Id)!.Status);
        var results = engine.Store.Results(run.Id);
        Assert.Equal(workspace.ImageCount * 3, results.Count);
        Assert.Equal(results.Count, results.Select(r => (r.Image.Id, r.Result.Method)).Distinct().Count());
    }

    [Fact]
    public async Task RunsCancel_OnAnInProcessRun_StopsItCancelled_KeepsItsResults_AndRunsResumeQueuesItAgain()
    {
        using var workspace = new RunWorkspace(copiesPerImage: 20); // with a real model, enough work that the request lands mid-run on a fast machine
        string db = workspace.PathOf("c.db");
        var (engine, run, executor) = InProcessRun(workspace, db);

        Task<(int Code, string Output, string Error)>? cancel = null;
        int lastDone = 0;
        var outcome = await executor.ExecuteAsync(run.Id, EngineContext.NewOwnerId("test"), p =>
        {
            lastDone = p.Done;
            if (cancel is null && p.Done >= 3)
                cancel = Task.Run(() => CliAsync("runs", "cancel", run.Id.ToString(), "--db", db));
        });
        Assert.NotNull(cancel);
        Assert.Equal(0, (await cancel).Code);
        Assert.Equal(RunStatus.Cancelled, outcome.Status);
        var stored = engine.Store.FindRun(run.Id)!;
        Assert.Equal(RunStatus.Cancelled, stored.Status);
        Assert.Null(stored.LeaseOwner);
        var results = engine.Store.Results(run.Id);
        Assert.Equal(lastDone * 3, results.Count);
        Assert.InRange(results.Count, 9, workspace.ImageCount * 3 - 1);

        Assert.NotNull(stored.FinishedUtc); // when it stopped

        // Cancel stops a run; it does not destroy it.
        var again = await CliAsync("runs", "resume", run.Id.ToString(), "--db", db);
        Assert.Equal(0, again.Code);
        Assert.Equal(RunStatus.Queued, engine.Store.FindRun(run.Id)!.Status);
        Assert.Equal(results.Count, engine.Store.Results(run.Id).Count);
    }

    /// <summary>A run of two interpolations and a real model over the workspace, with an executor ready to take it.</summary>
    private static (EngineContext Engine, StoredRun Run, RunExecutor Executor) InProcessRun(RunWorkspace workspace, string db)
    {
        var engine = EngineContext.Open(db);
        var (run, _) = engine.Planner.CreateOrResume(new RunSettings(workspace.Data, ["bicubic", "bilinear", "rdn-slim-x4"]));
        return (engine, run, new RunExecutor(engine.Store, engine.Methods) { LeaseDuration = TimeSpan.FromSeconds(1), Workers = 2 });
    }
}

using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Tests.Runs;

namespace SemSrDashboard.Tests.Cli;

/// <summary><c>runs wait</c> returns when the run ends, with its exit code, and gives up with 124 at its timeout.</summary>
[Collection(RunsCollection.Name)]
public sealed class RunsWaitTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly RunWorkspace _workspace = new();

    [Fact]
    public async Task It_returns_when_another_process_completes_the_run_and_reports_failure_and_timeout_by_exit_code()
    {
        string db = _workspace.PathOf("w.db");
        var engine = EngineContext.Open(db);
        var (run, _) = engine.Planner.CreateOrResume(new RunSettings(_workspace.Data, ["bicubic", "lanczos"]));

        // Queued: not ended, so a short timeout gives 124 and leaves the run alone.
        var (code, _, error) = await CliProcess.RunAsync(_workspace.Root, null, Limit, "runs", "wait", run.Id.ToString(), "--timeout", "1.5", "--db", db);
        Assert.True(code == 124, error);
        Assert.Contains($"Run {run.Id} is still queued after 1.5 s", error);
        Assert.Equal(RunStatus.Queued, engine.Store.FindRun(run.Id)!.Status);

        // Waiting while another process evaluates it.
        using var waiting = CliProcess.Start(_workspace.Root, null, "runs", "wait", run.Id.ToString(), "--db", db);
        await Task.Delay(1000);
        Assert.False(waiting.HasExited, waiting.Error);
        var evaluate = await CliProcess.RunAsync(_workspace.Root, null, Limit, "evaluate", "--data", _workspace.Data, "--resume", run.Id.ToString(), "--db", db);
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Assert.Equal(0, await waiting.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Contains($"Run {run.Id} completed", waiting.Error);
        Assert.Equal("", waiting.Output);

        engine.Store.UpdateRun(run.Id, r => r with { Status = RunStatus.Failed, Error = "data folder not found" });
        var failed = await CliProcess.RunAsync(_workspace.Root, null, Limit, "runs", "wait", run.Id.ToString(), "--db", db);
        Assert.Equal(1, failed.ExitCode);
        Assert.Contains($"Run {run.Id} failed: data folder not found", failed.Error);

        var missing = await CliProcess.RunAsync(_workspace.Root, null, Limit, "runs", "wait", "99", "--db", db);
        Assert.Equal(2, missing.ExitCode);
        var badTimeout = await CliProcess.RunAsync(_workspace.Root, null, Limit, "runs", "wait", "1", "--timeout", "0", "--db", db);
        Assert.Equal(2, badTimeout.ExitCode);
    }

    public void Dispose() => _workspace.Dispose();
}

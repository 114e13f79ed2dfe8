using System.Diagnostics;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Hosting;

namespace SemSrDashboard.Tests.Runs;

/// <summary>The dashboard's background service picks up runs whose owner died and leaves alone runs a live process holds.</summary>
[Collection(RunsCollection.Name)]
public sealed class WebHostRecoveryTests
{
    [Fact]
    public async Task StartingTheHost_CompletesOrphanedRuns_AndLeavesARunLeasedByALiveProcessAlone()
    {
        using var workspace = new RunWorkspace();
        string dbPath = workspace.PathOf("web.db");
        var engine = EngineContext.Open(dbPath);
        int NewRun(params string[] methods) => engine.Planner.CreateOrResume(new RunSettings(workspace.Data, methods), forceNew: true).Run.Id;

        string deadOwner = $"cli@{Environment.MachineName}:{DeadProcessId()}:0badf00d";
        using var liveProcess = Process.Start(new ProcessStartInfo("sleep", "300") { UseShellExecute = false })!;
        string liveOwner = $"cli@{Environment.MachineName}:{liveProcess.Id}:11ve0wnr";

        // Orphan 1: a dead owner whose lease has expired.
        int expired = NewRun("bicubic");
        engine.Store.UpdateRun(expired, r => r with
        {
            Status = RunStatus.Running,
            LeaseOwner = deadOwner,
            LeaseExpiresUtc = DateTime.UtcNow.AddMinutes(-1),
        });
        // Orphan 2: a dead owner (killed with SIGKILL) whose lease has not expired yet.
        int killed = NewRun("bicubic", "bilinear");
        engine.Store.UpdateRun(killed, r => r with
        {
            Status = RunStatus.Running,
            LeaseOwner = deadOwner,
            LeaseExpiresUtc = DateTime.UtcNow.AddMinutes(10),
        });
        // Held: a live process on this machine holds a fresh lease (with one image stored).
        int held = NewRun("bicubic", "lanczos");
        engine.Store.UpdateRun(held, r => r with
        {
            Status = RunStatus.Running,
            LeaseOwner = liveOwner,
            LeaseExpiresUtc = DateTime.UtcNow.AddMinutes(10),
        });
        var heldBefore = engine.Store.FindRun(held)!;
        var firstImage = engine.Store.Images(held)[0];
        engine.Store.SaveImage(firstImage, [new() { Method = "bicubic", Status = ResultStatus.Ok, Psnr = 1, CreatedUtc = DateTime.UtcNow }]);

        var app = DashboardHost.Build(["--urls", "http://127.0.0.1:0", $"--SemSr:Database={dbPath}", "--SemSr:DemoRun=false", $"--SemSr:DataRoots:0={workspace.Data}"]);
        await app.StartAsync();
        try
        {
            await DatabaseProbe.WaitUntilAsync(
                () => engine.Store.FindRun(expired)!.Status == RunStatus.Completed && engine.Store.FindRun(killed)!.Status == RunStatus.Completed,
                TimeSpan.FromSeconds(60), "the orphaned runs to complete");
            // Several more poll intervals (3 s each) for the held run to be (wrongly) touched.
            await Task.Delay(TimeSpan.FromSeconds(7));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
            liveProcess.Kill();
            liveProcess.WaitForExit();
        }

        Assert.Equal(workspace.ImageCount, engine.Store.Results(expired).Count);
        Assert.Equal(workspace.ImageCount * 2, engine.Store.Results(killed).Count);
        Assert.All(engine.Store.Results(killed), r => Assert.Equal(ResultStatus.Ok, r.Result.Status));
        Assert.Null(engine.Store.FindRun(killed)!.LeaseOwner);

        var heldAfter = engine.Store.FindRun(held)!;
        Assert.Equal(RunStatus.Running, heldAfter.Status);
        Assert.Equal(liveOwner, heldAfter.LeaseOwner);
        Assert.Equal(heldBefore.LeaseExpiresUtc, heldAfter.LeaseExpiresUtc);
        Assert.Null(heldAfter.StartedUtc);
        var heldResults = engine.Store.Results(held);
        Assert.Single(heldResults);
        Assert.Equal(1, heldResults[0].Result.Psnr);
    }

    /// <summary>The id of a process that has just ended (and been reaped).</summary>
    private static int DeadProcessId()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }
}

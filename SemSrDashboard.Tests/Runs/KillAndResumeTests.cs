using Microsoft.EntityFrameworkCore;
using SemSrDashboard.Engine.Domain;

namespace SemSrDashboard.Tests.Runs;

/// <summary><c>evaluate</c> killed with SIGKILL at random points and started again with the same command.</summary>
[Collection(RunsCollection.Name)]
public sealed class KillAndResumeTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    [Fact]
    public async Task Evaluate_KilledRepeatedlyAndRestarted_StoresEveryResultOnceWithTheNumbersOfAnUninterruptedRun()
    {
        // Enough work (540 images × 3 methods) that four restarts rarely finish it, however fast the machine.
        using var workspace = new RunWorkspace(copiesPerImage: 60);
        string[] Args(string db, string csv) =>
            ["evaluate", "--data", workspace.Data, "--methods", "bicubic,bilinear,lanczos", "--db", db, "--csv", csv];
        string killedDb = workspace.PathOf("killed.db"), killedCsv = workspace.PathOf("killed.csv");
        string cleanDb = workspace.PathOf("clean.db"), cleanCsv = workspace.PathOf("clean.csv");

        var random = new Random(20240917);
        int kills = 0, stored = 0;
        while (kills < 4)
        {
            using var cli = CliProcess.Start(workspace.Root, null, Args(killedDb, killedCsv));
            int before = stored;
            // Wait until this process has stored something new, then kill it at a random later moment.
            await DatabaseProbe.WaitUntilAsync(() => cli.HasExited || DatabaseProbe.ResultCount(killedDb) > before, Limit, "progress");
            await Task.Delay(random.Next(0, 300));
            if (cli.HasExited)
                break; // finished before the kill: nothing left to interrupt
            cli.KillHard();
            stored = DatabaseProbe.ResultCount(killedDb);
            if (stored == workspace.ImageCount * 3)
                break; // every result was stored before the kill landed: it did not interrupt the run
            kills++;
            Assert.True(stored > before, $"kill {kills}: nothing stored since the previous kill ({before})");
            // The killed owner's lease has many seconds left (30 s, renewed every 5 s): the restart must take the run
            // over without waiting for it.
            var run = DatabaseProbe.SingleRun(killedDb);
            Assert.Equal(RunStatus.Running, run.Status);
            Assert.NotNull(run.LeaseOwner);
            Assert.True(run.LeaseExpiresUtc > DateTime.UtcNow.AddSeconds(10), $"lease expires {run.LeaseExpiresUtc:O}");
        }
        // A fast machine may finish between kills; at least three kills at random points must have happened.
        Assert.True(kills >= 3, $"only {kills} kills before the run finished");

        var final = await CliProcess.RunAsync(workspace.Root, null, Limit, Args(killedDb, killedCsv));
        Assert.True(final.ExitCode == 0, $"exit {final.ExitCode}\n{final.Output}\n{final.Error}");
        Assert.Contains("Resuming run 1", final.Error);

        var clean = await CliProcess.RunAsync(workspace.Root, null, Limit, Args(cleanDb, cleanCsv));
        Assert.True(clean.ExitCode == 0, $"exit {clean.ExitCode}\n{clean.Output}\n{clean.Error}");

        using (var db = DatabaseProbe.Context(killedDb))
        {
            var run = db.Runs.AsNoTracking().Single();
            Assert.Equal(RunStatus.Completed, run.Status);
            Assert.Null(run.LeaseOwner);
            Assert.Equal(workspace.ImageCount, db.Images.Count());
            var keys = db.Results.AsNoTracking().Select(r => new { r.ImageId, r.Method, r.Status }).ToList();
            Assert.Equal(workspace.ImageCount * 3, keys.Count);
            Assert.All(keys.GroupBy(k => (k.ImageId, k.Method)), g => Assert.Single(g));
            Assert.All(keys.GroupBy(k => k.ImageId), g => Assert.Equal(["bicubic", "bilinear", "lanczos"], g.Select(k => k.Method).Order()));
            Assert.All(keys, k => Assert.Equal(ResultStatus.Ok, k.Status));
        }

        string[] killedRows = File.ReadAllLines(killedCsv), cleanRows = File.ReadAllLines(cleanCsv);
        Assert.Equal(workspace.ImageCount * 3 + 1, cleanRows.Length);
        Assert.Equal(cleanRows, killedRows);
    }
}

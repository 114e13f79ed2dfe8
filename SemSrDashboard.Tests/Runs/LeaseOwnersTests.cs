using System.Diagnostics;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Tests.Runs;

/// <summary>The lease takeover rule: only an owner on this host whose process no longer runs is taken over early.</summary>
[Collection(RunsCollection.Name)]
public sealed class LeaseOwnersTests
{
    [Fact]
    public void OwnerIds_ParseToHostAndProcessId()
    {
        Assert.Equal((Environment.MachineName, Environment.ProcessId), LeaseOwners.Parse(EngineContext.NewOwnerId("cli")));
        Assert.Equal(("node7", 4242), LeaseOwners.Parse("web@node7:4242:abcdef12"));
        Assert.Null(LeaseOwners.Parse(null));
        Assert.Null(LeaseOwners.Parse("someone"));
        Assert.Null(LeaseOwners.Parse("cli@node7:notapid:abcdef12"));
        Assert.Null(LeaseOwners.Parse("cli@node7:-5:abcdef12"));
    }

    [Fact]
    public void OnlyAnEndedProcessOnThisHostIsVerifiablyDead()
    {
        using var ended = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        ended.WaitForExit();
        using var running = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        using var zombie = Process.Start(new ProcessStartInfo("sleep", "60") { UseShellExecute = false })!;
        try
        {
            Assert.True(LeaseOwners.IsVerifiablyDead($"cli@{Environment.MachineName}:{ended.Id}:00000000"));
            Assert.False(LeaseOwners.IsVerifiablyDead($"cli@{Environment.MachineName}:{running.Id}:00000000"));
            Assert.False(LeaseOwners.IsVerifiablyDead(EngineContext.NewOwnerId("web"))); // this process
            Assert.False(LeaseOwners.IsVerifiablyDead($"cli@another-host-{Guid.NewGuid():N}:{ended.Id}:00000000"));
            Assert.False(LeaseOwners.IsVerifiablyDead("not an owner id"));
            Assert.False(LeaseOwners.IsVerifiablyDead(null));

            // Killed from outside: dead whether or not its parent (this process) has reaped it yet, as a zombie does not run.
            KillWithoutReaping(zombie.Id);
            Assert.True(SpinUntil(() => LeaseOwners.IsVerifiablyDead($"cli@{Environment.MachineName}:{zombie.Id}:00000000")));
        }
        finally
        {
            running.Kill();
            running.WaitForExit();
            zombie.WaitForExit();
        }
    }

    [Fact]
    public void TakeOverLease_SucceedsOnlyWhileThePreviousOwnerStillHoldsIt()
    {
        using var workspace = new RunWorkspace();
        var engine = EngineContext.Open(workspace.PathOf("lease.db"));
        int run = engine.Planner.CreateOrResume(new RunSettings(workspace.Data, ["bicubic"])).Run.Id;
        var lease = TimeSpan.FromMinutes(5);
        var leases = new RunLeases(engine.Database);

        Assert.True(leases.TryAcquire(run, "a@h:1:x", lease));
        Assert.False(leases.TryAcquire(run, "b@h:2:x", lease)); // unexpired, not ours
        Assert.True(leases.TakeOver(run, "a@h:1:x", "b@h:2:x", lease));
        Assert.False(leases.TakeOver(run, "a@h:1:x", "c@h:3:x", lease)); // a no longer holds it
        Assert.Equal("b@h:2:x", engine.Store.FindRun(run)!.LeaseOwner);
        Assert.False(leases.Renew(run, "a@h:1:x", lease));
        Assert.Equal("b@h:2:x", leases.HolderOf(run));
        leases.Release(run, "a@h:1:x"); // not the holder: nothing changes
        Assert.Equal("b@h:2:x", leases.HolderOf(run));
        leases.Release(run, "b@h:2:x");
        Assert.Null(leases.HolderOf(run));
    }

    private static void KillWithoutReaping(int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-9", pid.ToString()]) { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    private static bool SpinUntil(Func<bool> condition)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(10))
        {
            if (condition())
                return true;
            Thread.Sleep(20);
        }
        return false;
    }
}

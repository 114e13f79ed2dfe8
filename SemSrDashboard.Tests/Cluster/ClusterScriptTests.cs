using System.Diagnostics;
using Npgsql;

namespace SemSrDashboard.Tests.Cluster;

/// <summary><c>scripts/cluster.sh</c> itself: what it reports about the running cluster, and that a start that cannot
/// succeed fails with its reason and leaves nothing behind.</summary>
[Collection(ClusterCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // file modes
public sealed class ClusterScriptTests(ThrowawayCluster cluster)
{
    [Fact]
    public async Task StatusAndEnv_DescribeTheRunningCluster()
    {
        _ = cluster.Postgres; // fails with the start's reason if the cluster is not there

        (int code, string output, string error) = await ClusterScript.RunAsync("status", cluster.Folder);
        Assert.True(code == 0, error + output);
        string[] lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(["postgresql", "munged", "slurmctld", "slurmd"], lines.Select(l => l.Split(' ')[0]));
        Assert.All(lines, l => Assert.Contains(" running ", l));

        (code, output, error) = await ClusterScript.RunAsync("env", cluster.Folder);
        Assert.True(code == 0, error);
        var exports = ClusterScript.ParseExports(output);
        Assert.Equal(cluster.Postgres.ConnectionString, exports["SEMSR_TEST_PG"]);
        Assert.Equal(cluster.Slurm.SlurmConf, exports["SLURM_CONF"]);
        Assert.StartsWith("/usr/lib/postgresql/15/bin:", exports["PATH"]);
        Assert.Contains($";Port={exports["PGPORT"]};", exports["SEMSR_TEST_PG"]);
    }

    [Fact]
    public async Task Harness_StopsEveryDaemon_AndRemovesItsFolder()
    {
        var own = new ThrowawayCluster();
        await own.InitializeAsync();
        string connectionString = own.Postgres.ConnectionString;
        int[] daemons = DaemonPids(own.Folder);
        Assert.All(daemons, pid => Assert.True(LinuxProcess.IsRunning(pid)));

        await own.DisposeAsync();

        Assert.False(Directory.Exists(own.Folder));
        Assert.All(daemons, pid => Assert.False(LinuxProcess.IsRunning(pid), $"process {pid} still runs"));
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => ThrowawayPostgres.OpenAsync(connectionString + ";Pooling=false"));
    }

    /// <summary>A test run that dies before its clean-up (crash, SIGKILL) leaves nothing running: the script's
    /// watchdog stops the cluster when the process named by <c>--owner-pid</c> ends.</summary>
    [Fact]
    public async Task Start_WithAnOwner_StopsEverythingWhenTheOwnerDies()
    {
        using var owner = Process.Start(new ProcessStartInfo("sleep", "600") { UseShellExecute = false })!;
        string folder = ThrowawayCluster.NewFolderPath();
        try
        {
            (int code, _, string error) = await ClusterScript.RunAsync("start", folder, null, "--owner-pid", owner.Id.ToString());
            Assert.True(code == 0, error);
            int[] daemons = DaemonPids(folder);

            owner.Kill();
            await owner.WaitForExitAsync();

            await Poll.UntilAsync(() => !Directory.Exists(folder), "the watchdog to stop the cluster");
            Assert.All(daemons, pid => Assert.False(LinuxProcess.IsRunning(pid), $"process {pid} still runs"));
        }
        finally
        {
            if (!owner.HasExited)
                owner.Kill();
            await ClusterScript.RunAsync("stop", folder);
        }
    }

    [Fact]
    public async Task Start_WithoutPostgreSqlServerPrograms_FailsWithTheReason_AndTheHarnessReportsIt()
    {
        var broken = new ThrowawayCluster(new Dictionary<string, string> { ["SEMSR_PG_BIN"] = "/nonexistent/pg/bin" });
        await broken.InitializeAsync();

        var failure = Assert.Throws<InvalidOperationException>(() => broken.Postgres);
        Assert.Contains("missing /nonexistent/pg/bin/initdb", failure.Message);
        Assert.Contains("scripts/setup.sh --with-cluster", failure.Message);
        Assert.Throws<InvalidOperationException>(() => broken.Slurm);
        Assert.False(Directory.Exists(broken.Folder));
        await broken.DisposeAsync();
    }

    [Fact]
    public async Task Start_InAFolderThePostgresUserCannotEnter_FailsWithTheReason_AndRemovesWhatItMade()
    {
        string parent = Directory.CreateTempSubdirectory("semsr-closed-").FullName;
        try
        {
            File.SetUnixFileMode(parent, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            string folder = Path.Combine(parent, "cluster");

            (int code, _, string error) = await ClusterScript.RunAsync("start", folder);

            Assert.Equal(1, code);
            Assert.Contains("the postgres user cannot enter", error);
            Assert.False(Directory.Exists(folder));
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    /// <summary>munged, slurmctld and slurmd, from the pid files they write in the cluster's folder.</summary>
    private static int[] DaemonPids(string folder) =>
        new[] { "munge/munged.pid", "slurm/slurmctld.pid", "slurm/slurmd.pid" }
            .Select(file => int.Parse(File.ReadAllText(Path.Combine(folder, file)).Trim()))
            .ToArray();
}

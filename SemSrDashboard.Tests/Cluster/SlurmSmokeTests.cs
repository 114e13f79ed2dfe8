namespace SemSrDashboard.Tests.Cluster;

/// <summary>The throwaway single-node Slurm cluster runs real batch jobs: a job array whose tasks share the node's two
/// CPUs, and a long job that <c>scancel</c> ends.</summary>
[Collection(ClusterCollection.Name)]
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // file modes, /proc
public sealed class SlurmSmokeTests(ThrowawayCluster cluster) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("semsr-slurm-").FullName;

    /// <summary>Each task marks that it started, holds its CPU until the test creates <c>release</c> (bounded, so a
    /// failed test leaves nothing running), then writes its task and job ids.</summary>
    private const string ArrayTaskScript = """
        #!/bin/sh
        dir="$1"
        touch "$dir/started-$SLURM_ARRAY_TASK_ID"
        i=0
        while [ ! -e "$dir/release" ] && [ $i -lt 1800 ]; do sleep 0.1; i=$((i+1)); done
        echo "$SLURM_ARRAY_TASK_ID $SLURM_JOB_ID $SLURM_ARRAY_JOB_ID" > "$dir/task-$SLURM_ARRAY_TASK_ID.part"
        mv "$dir/task-$SLURM_ARRAY_TASK_ID.part" "$dir/task-$SLURM_ARRAY_TASK_ID"
        """;

    [Fact]
    public async Task JobArray_RunsEveryTask_TwoAtATimeOnTwoCpus()
    {
        var slurm = cluster.Slurm;
        string script = WriteScript("array-task.sh", ArrayTaskScript);
        string arrayId = await slurm.SubmitAsync(_folder, "--array=0-2", "--time=10", $"--output={_folder}/slurm-%A_%a.out",
            script, _folder);

        await Poll.UntilAsync(() => Started().Length >= 2, "two array tasks to start");
        // Both CPUs are held by the two running tasks, so the third can only wait: the node is full, not slow.
        var records = await slurm.ShowJobAsync(arrayId);
        Assert.Equal(2, records.Count(r => r.State == "RUNNING"));
        Assert.Single(records, r => r.State == "PENDING");
        Assert.Equal("2", (await slurm.ShowNodeAsync())["CPUAlloc"]);
        Assert.Equal(2, Started().Length);

        File.WriteAllText(Path.Combine(_folder, "release"), "");
        records = await slurm.WaitForJobAsync(arrayId, r => r.Count == 3 && r.All(t => t.State == "COMPLETED"),
            "three completed tasks");

        Assert.All(records, r => Assert.Equal("0:0", r.Fields["ExitCode"]));
        var written = Enumerable.Range(0, 3)
            .Select(task => File.ReadAllText(Path.Combine(_folder, $"task-{task}")).Split(' ', StringSplitOptions.TrimEntries))
            .ToList();
        Assert.Equal(["0", "1", "2"], written.Select(w => w[0]));
        Assert.All(written, w => Assert.Equal(arrayId, w[2]));
        Assert.Equal(3, written.Select(w => w[1]).Distinct().Count());
        Assert.Equal(written.Select(w => w[1]).Order(), records.Select(r => r.JobId).Order());
    }

    [Fact]
    public async Task Scancel_EndsARunningJobAndItsProcess()
    {
        var slurm = cluster.Slurm;
        string pidFile = Path.Combine(_folder, "job.pid");
        string script = WriteScript("long.sh", $"#!/bin/sh\necho $$ > '{pidFile}.part' && mv '{pidFile}.part' '{pidFile}'\nexec sleep 600\n");
        string jobId = await slurm.SubmitAsync(_folder, "--time=15", $"--output={_folder}/slurm-%j.out", script);

        await Poll.UntilAsync(() => File.Exists(pidFile), "the long job to start");
        int pid = int.Parse(File.ReadAllText(pidFile));
        Assert.True(LinuxProcess.IsRunning(pid));
        Assert.Equal("RUNNING", (await slurm.ShowJobAsync(jobId)).Single().State);

        await slurm.RunAsync(_folder, "scancel", jobId);

        await slurm.WaitForJobAsync(jobId, r => r.Single().State == "CANCELLED", "cancellation");
        await Poll.UntilAsync(() => !LinuxProcess.IsRunning(pid), $"the job's process {pid} to end");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string[] Started() => Directory.GetFiles(_folder, "started-*");

    private string WriteScript(string name, string text)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, text.ReplaceLineEndings("\n") + "\n");
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute |
                                   UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        return path;
    }
}

using System.Globalization;
using Npgsql;
using SemSrDashboard.Cli;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Tests.Runs;

namespace SemSrDashboard.Tests.Cluster;

/// <summary>The cluster mode end to end: a run created on PostgreSQL and executed by a three-task Slurm job array
/// (<c>runs submit --slurm --workers 3</c>) gives the per-image CSV of one <c>evaluate</c> on SQLite, every (image,
/// method) stored once, with at least two array tasks having stored images.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SlurmArrayEndToEndTests(ThrowawayCluster cluster) : IDisposable
{
    private const string Password = "s3cret;@=pw";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(8);
    private readonly RunWorkspace _workspace = new();

    [Fact]
    public async Task A_three_task_Slurm_array_on_PostgreSQL_equals_one_evaluate_on_SQLite()
    {
        var keywords = new NpgsqlConnectionStringBuilder(await cluster.Postgres.NewDatabaseAsync());
        string postgres = $"postgresql://{keywords.Username}:{Uri.EscapeDataString(Password)}@{keywords.Host}:{keywords.Port}/{keywords.Database}";
        var scenarios = new WorkerScenarios(_workspace, postgres, () => EvaluationDatabase.Open(DatabaseTarget.Parse(postgres)).CreateContext());
        int run = await scenarios.CreateRunAsync();
        string id = run.ToString(CultureInfo.InvariantCulture);
        // One evaluation thread per task (the tasks inherit sbatch's environment), so that the tasks share the images.
        var environment = new Dictionary<string, string>(cluster.Slurm.Environment) { ["SEMSR_WORKERS"] = "1" };

        var submit = await CliProcess.RunAsync(_workspace.Root, environment, Limit,
            "runs", "submit", id, "--slurm", "--workers", "3", "--dir", _workspace.Root, "--db", postgres);
        Assert.True(submit.ExitCode == ExitCodes.Completed, submit.Error);
        string job = submit.Output.Trim();

        var wait = await CliProcess.RunAsync(_workspace.Root, null, Limit, "runs", "wait", id, "--timeout", "420", "--db", postgres);
        Assert.True(wait.ExitCode == ExitCodes.Completed, $"runs wait exited {wait.ExitCode}: {wait.Error}\n{TaskLogs()}");
        var tasks = await cluster.Slurm.WaitForJobAsync(job, r => r.Count == 3 && r.All(t => t.State is not ("PENDING" or "RUNNING" or "COMPLETING")),
            "the three array tasks to end");
        Assert.All(tasks, t => Assert.True(t.State == "COMPLETED" && t.Fields["ExitCode"] == "0:0", $"{t}\n{TaskLogs()}"));

        scenarios.AssertCompleteOnce(run);
        var workers = await scenarios.WorkersAsync(run);
        Assert.All(workers, w => Assert.Equal(job, w[2]));
        Assert.Equal(workers.Count, workers.Select(w => w[3]).Distinct().Count()); // one worker per array task
        Assert.All(workers, w => Assert.Contains(w[3], new[] { "0", "1", "2" }));
        Assert.Equal(_workspace.ImageCount, workers.Sum(w => int.Parse(w[6], CultureInfo.InvariantCulture)));
        Assert.True(workers.Count(w => int.Parse(w[6], CultureInfo.InvariantCulture) > 0) >= 2,
            "fewer than two array tasks stored images:\n" + string.Join('\n', workers.Select(w => string.Join('\t', w))));
        Assert.Equal(await scenarios.SingleProcessCsvAsync(), await scenarios.CsvAsync(postgres, run, "array"));
        Assert.DoesNotContain(Password, TaskLogs() + File.ReadAllText(Path.Combine(_workspace.Root, $"semsr-run-{id}.sbatch")));
        Assert.DoesNotContain(Uri.EscapeDataString(Password), TaskLogs());
    }

    /// <summary>What the array tasks wrote (their Slurm output files), for failure messages and the password check.</summary>
    private string TaskLogs() => string.Join('\n', Directory.GetFiles(_workspace.Root, "semsr-run-*.out").Order(StringComparer.Ordinal)
        .Select(f => $"--- {Path.GetFileName(f)}\n{File.ReadAllText(f)}"));

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        _workspace.Dispose();
    }
}

using Npgsql;
using SemSrDashboard.Cli;
using SemSrDashboard.Cli.Slurm;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Tests.Runs;

namespace SemSrDashboard.Tests.Cluster;

/// <summary><c>runs submit --slurm</c> against the throwaway single-node Slurm cluster and PostgreSQL server: the
/// script it writes, the job it submits and records, <c>runs cancel</c> ending that job, and the refusals. The verb
/// runs as a child process with the cluster's <c>SLURM_CONF</c>, as a user's shell would run it.</summary>
[Collection(ClusterCollection.Name)]
public sealed class SlurmSubmitTests(ThrowawayCluster cluster) : IDisposable
{
    private const string Password = "s3cret;@=pw";
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(3);
    private readonly string _work = Directory.CreateTempSubdirectory("semsr-submit-").FullName;

    [Fact]
    public async Task Dry_run_writes_and_prints_the_script_without_the_password_and_submits_nothing()
    {
        string postgres = await CreateRunAsync();

        var (code, output, error) = await Cli(cluster.Slurm.Environment,
            "runs", "submit", "1", "--slurm", "--workers", "3", "--dir", _work, "--dry-run", "--db", postgres);

        Assert.True(code == 0, error);
        string script = File.ReadAllText(Path.Combine(_work, "semsr-run-1.sbatch"));
        Assert.Equal(script, output);
        Assert.Contains("#SBATCH --array=0-2\n", script);
        Assert.Contains("#SBATCH --cpus-per-task=1\n", script);
        Assert.DoesNotContain("--mem", script);
        Assert.DoesNotContain("--partition", script);
        Assert.DoesNotContain("--gres", script);
        Assert.DoesNotContain("--time", script);
        Assert.DoesNotContain(Password, script);
        Assert.DoesNotContain(Uri.EscapeDataString(Password), script);
        // The same build the command ran from, by absolute path: this test run's dotnet host and assembly.
        string exec = script.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1];
        Assert.EndsWith($" {SlurmJobScript.Quote(CliProcess.Dll)} worker --run 1", exec);
        string host = exec["exec ".Length..exec.IndexOf(' ', "exec ".Length)];
        Assert.True(Path.IsPathRooted(host) && Path.GetFileName(host) == "dotnet" && File.Exists(host), exec);
        Assert.Null(Run(postgres).SlurmJobId);
        Assert.DoesNotContain(Password, error);
    }

    [Fact]
    public async Task Submit_records_the_job_refuses_a_second_submit_while_it_is_queued_and_cancel_scancels_it()
    {
        var slurm = cluster.Slurm;
        string postgres = await CreateRunAsync();
        // A job holding both CPUs of the node keeps the array pending, whatever its tasks would do.
        string blocker = await slurm.SubmitAsync(_work, "--cpus-per-task=2", "--time=10", $"--output={_work}/blocker.out", "--wrap", "sleep 600");
        try
        {
            await slurm.WaitForJobAsync(blocker, r => r.Single().State == "RUNNING", "the blocking job to run");

            var submit = await Cli(slurm.Environment, "runs", "submit", "1", "--slurm", "--workers", "2", "--dir", _work, "--db", postgres);

            Assert.True(submit.Code == 0, submit.Error);
            string job = submit.Output.Trim();
            Assert.Matches("^[0-9]+$", job);
            Assert.Equal(job, Run(postgres).SlurmJobId);
            var records = await slurm.ShowJobAsync(job);
            Assert.All(records, r => Assert.Equal("PENDING", r.State));
            Assert.All(records, r => Assert.Equal("semsr-run-1", r.Fields["JobName"]));
            Assert.All(records, r => Assert.Equal(Path.Combine(_work, "semsr-run-1.sbatch"), r.Fields["Command"]));
            Assert.Equal("0-1", records.Single().ArrayTaskId); // both tasks pending, shown as one record

            var again = await Cli(slurm.Environment, "runs", "submit", "1", "--slurm", "--workers", "2", "--dir", _work, "--db", postgres);
            Assert.Equal(2, again.Code);
            Assert.Contains($"run 1 is already submitted as Slurm job {job}, which is still in the queue (1 pending)", again.Error);

            var cancel = await Cli(slurm.Environment, "runs", "cancel", "1", "--db", postgres);
            Assert.True(cancel.Code == 0, cancel.Error);
            Assert.Contains($"Run 1: cancelled Slurm job {job}", cancel.Error);
            await slurm.WaitForJobAsync(job, r => r.All(t => t.State == "CANCELLED"), "the array to be cancelled");
            Assert.Equal(RunStatus.Cancelled, Run(postgres).Status);
        }
        finally
        {
            await slurm.RunAsync(_work, "scancel", blocker);
        }
    }

    [Fact]
    public async Task A_job_Slurm_rejects_shows_sbatchs_reason_and_leaves_the_run_queued()
    {
        string postgres = await CreateRunAsync();

        // The cluster has one partition, debug: sbatch refuses any other at submission.
        var (code, output, error) = await Cli(cluster.Slurm.Environment,
            "runs", "submit", "1", "--slurm", "--workers", "2", "--partition", "nosuch", "--dir", _work, "--db", postgres);

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains("error: Slurm refused the job: sbatch exited with code 1: sbatch: error:", error);
        Assert.Contains("Invalid partition name specified", error);
        Assert.Contains("Run 1 is left queued", error);
        Assert.Equal(RunStatus.Queued, Run(postgres).Status);
        Assert.Null(Run(postgres).SlurmJobId);
    }

    [Fact]
    public async Task Without_sbatch_the_message_names_the_script_that_was_written()
    {
        string postgres = await CreateRunAsync();
        var noSlurm = new Dictionary<string, string> { ["PATH"] = Directory.CreateDirectory(Path.Combine(_work, "empty-bin")).FullName };

        var (code, _, error) = await Cli(noSlurm, "runs", "submit", "1", "--slurm", "--workers", "2", "--dir", _work, "--db", postgres);

        string script = Path.Combine(_work, "semsr-run-1.sbatch");
        Assert.Equal(1, code);
        Assert.Contains("error: sbatch not found on PATH", error);
        Assert.Contains($"The job script is ready: {script}", error);
        Assert.True(File.Exists(script));
        Assert.Equal(RunStatus.Queued, Run(postgres).Status);
        Assert.Null(Run(postgres).SlurmJobId);
    }

    [Fact]
    public async Task Bad_requests_are_exit_code_2_with_the_reason()
    {
        string postgres = await CreateRunAsync();
        string[] submit = ["runs", "submit", "1", "--slurm", "--dir", _work, "--db", postgres];

        Assert.Contains("--workers must be at least 1 (got 0)", await Refused([.. submit, "--workers", "0"]));
        Assert.Contains("runs submit needs --slurm", await Refused(["runs", "submit", "1", "--workers", "2", "--db", postgres]));
        Assert.Contains("--time '2 hours' is not a Slurm time limit", await Refused([.. submit, "--workers", "2", "--time", "2 hours"]));
        Assert.Contains("is not a Slurm partition name", await Refused([.. submit, "--workers", "2", "--partition", "a\n#SBATCH --mem=1T"]));
        string sqlite = Path.Combine(_work, "local.db");
        Assert.Contains("needs a PostgreSQL database, not the SQLite file", await Refused(["runs", "submit", "1", "--slurm", "--workers", "2", "--db", sqlite]));

        var evaluate = await InProcess(["evaluate", "--data", RepositoryPaths.DemoData, "--methods", "bicubic", "--limit-per-category", "1",
            "--store-outputs", "none", "--new", "--db", postgres]);
        Assert.True(evaluate.Code == 0, evaluate.Error);
        Assert.Contains("run 2 is completed: it has no image left to evaluate",
            await Refused(["runs", "submit", "2", "--slurm", "--workers", "2", "--dir", _work, "--db", postgres]));
        Assert.False(File.Exists(Path.Combine(_work, "semsr-run-2.sbatch")));
    }

    /// <summary>A new database holding run 1, queued: the demo images with bicubic (<c>runs create</c>).</summary>
    private async Task<string> CreateRunAsync()
    {
        var keywords = new NpgsqlConnectionStringBuilder(await cluster.Postgres.NewDatabaseAsync());
        string postgres = $"postgresql://{keywords.Username}:{Uri.EscapeDataString(Password)}@{keywords.Host}:{keywords.Port}/{keywords.Database}";
        var create = await InProcess(["runs", "create", "--data", RepositoryPaths.DemoData, "--methods", "bicubic", "--db", postgres]);
        Assert.True(create.Code == 0, create.Error);
        Assert.Equal("1", create.Output.Trim());
        return postgres;
    }

    private static StoredRun Run(string postgres) =>
        new EngineContext(EvaluationDatabase.Open(DatabaseTarget.Parse(postgres)), EngineContext.CreateMethodCatalog()).Store.FindRun(1)!;

    private async Task<(int Code, string Output, string Error)> Cli(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var result = await CliProcess.RunAsync(_work, environment, CommandLimit, args);
        Assert.DoesNotContain(Password, result.Output + result.Error);
        return result;
    }

    private static async Task<(int Code, string Output, string Error)> InProcess(string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = await CommandLine.RunAsync(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    private static async Task<string> Refused(string[] args)
    {
        var (code, output, error) = await InProcess(args);
        Assert.True(code == 2, $"exit {code}: {error}");
        Assert.Equal("", output);
        return error;
    }

    public void Dispose() => Directory.Delete(_work, recursive: true);
}

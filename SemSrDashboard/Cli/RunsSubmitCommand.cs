using System.CommandLine;
using System.Text.RegularExpressions;
using SemSrDashboard.Cli.Slurm;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Cli;

/// <summary><c>runs submit ID --slurm --workers N [...]</c>: hands a stored run to a Slurm job array of N workers. It
/// writes the job script (printed instead of submitted with <c>--dry-run</c>), submits it with <c>sbatch</c>, prints
/// the job id on standard output and records it with the run, so that <c>runs cancel</c> can <c>scancel</c> it.</summary>
public static partial class RunsSubmitCommand
{
    public static Command Create(TextWriter output, TextWriter messages)
    {
        var id = new Argument<int>("id") { Description = "Run id (runs create prints it)" };
        var slurm = new Option<bool>("--slurm") { Description = "Submit the workers as a Slurm job array (the only scheduler supported)" };
        var workers = new Option<int>("--workers") { Description = "Array tasks, each one worker process", Required = true };
        var partition = new Option<string?>("--partition") { Description = "Slurm partition (default: the cluster's default)" };
        var gpus = new Option<int?>("--gpus-per-worker") { Description = "GPUs per task (default: none)" };
        var cpus = new Option<int>("--cpus-per-worker") { Description = "CPUs per task", DefaultValueFactory = _ => 1 };
        var time = new Option<string?>("--time") { Description = "Time limit per task, HH:MM:SS or D-HH:MM:SS (default: the partition's)" };
        var folder = new Option<string?>("--dir") { Description = "Folder for the job script and the tasks' log files (default: the current one)" };
        var dryRun = new Option<bool>("--dry-run") { Description = "Write and print the job script without submitting it" };
        var command = new Command("submit", "Run a stored run on a cluster: a Slurm job array whose every task runs `worker --run ID`")
        {
            id, slurm, workers, partition, gpus, cpus, time, folder, dryRun, CommandLine.DatabaseOption,
        };
        command.SetAction(async (parse, _) =>
        {
            if (!parse.GetValue(slurm))
                throw new UsageException("runs submit needs --slurm (Slurm is the scheduler it submits to)");
            var target = CommandLine.Target(parse);
            if (target.Provider == DatabaseProvider.Sqlite)
                throw new UsageException($"runs submit --slurm needs a PostgreSQL database, not the SQLite file {target.Display}: workers " +
                    "on several nodes cannot share a SQLite file safely (network file systems break its locking). Create the run on " +
                    "PostgreSQL (runs create --db postgresql://...), or without a server split it with evaluate --shard i/N and runs merge.");
            string directory = Path.GetFullPath(parse.GetValue(folder) ?? Directory.GetCurrentDirectory());
            var job = new SlurmJobRequest(parse.GetValue(id), parse.GetValue(workers), SelfCommand.Resolve(), directory)
            {
                CpusPerWorker = parse.GetValue(cpus),
                GpusPerWorker = parse.GetValue(gpus),
                Partition = parse.GetValue(partition),
                Time = parse.GetValue(time),
            };
            Validate(job);

            var store = CommandLine.OpenEngine(parse).Store;
            var run = store.FindRun(job.RunId) ?? throw new UsageException($"run {job.RunId} not found in {target.Display}");
            RequireSubmittable(run.Id, run.Status, run.SlurmJobId, checkQueue: !parse.GetValue(dryRun));

            File.WriteAllText(job.ScriptPath, SlurmJobScript.Render(job));
            await messages.WriteLineAsync($"Wrote {job.ScriptPath}");
            if (parse.GetValue(dryRun))
            {
                await output.WriteAsync(File.ReadAllText(job.ScriptPath));
                return ExitCodes.Completed;
            }

            string jobId;
            try
            {
                jobId = SlurmJobs.Submit(job, target.Connection);
            }
            catch (SlurmUnavailableException e)
            {
                await messages.WriteLineAsync($"error: {e.Message}. The job script is ready: {job.ScriptPath} " +
                    $"(submit it from a Slurm submit host with the database in ${SlurmJobScript.DatabaseVariable}; see its first lines). " +
                    $"Run {run.Id} is left {run.Status}.");
                return ExitCodes.Failed;
            }
            catch (SlurmRejectedException e)
            {
                await messages.WriteLineAsync($"error: Slurm refused the job: {e.Message}\nRun {run.Id} is left {run.Status}; " +
                    $"the job script is {job.ScriptPath}.");
                return ExitCodes.Failed;
            }
            store.SetSlurmJob(run.Id, jobId);
            await output.WriteLineAsync(jobId);
            await messages.WriteLineAsync($"Run {run.Id}: submitted as Slurm job {jobId}, {job.Workers} array task(s); " +
                $"follow it with `runs workers {run.Id}` or `runs wait {run.Id}`");
            return ExitCodes.Completed;
        });
        return command;
    }

    /// <summary>Refuses option values Slurm would refuse or that would change the script's meaning (a partition name
    /// holding a line break would add a line to the script).</summary>
    private static void Validate(SlurmJobRequest job)
    {
        if (job.Workers < 1)
            throw new UsageException($"--workers must be at least 1 (got {job.Workers})");
        if (job.CpusPerWorker < 1)
            throw new UsageException($"--cpus-per-worker must be at least 1 (got {job.CpusPerWorker})");
        if (job.GpusPerWorker is < 1)
            throw new UsageException($"--gpus-per-worker must be at least 1 when given (got {job.GpusPerWorker})");
        if (job.Partition is { } partition && !PartitionPattern().IsMatch(partition))
            throw new UsageException($"--partition '{partition}' is not a Slurm partition name (letters, digits, '_', '-', '.', ',' for several)");
        if (job.Time is { } time && !TimePattern().IsMatch(time))
            throw new UsageException($"--time '{time}' is not a Slurm time limit (HH:MM:SS, D-HH:MM:SS or minutes)");
        if (!Directory.Exists(job.Folder))
            throw new UsageException($"--dir folder not found: {job.Folder}");
    }

    /// <summary>A run workers can still take images of, and no array of this run still in Slurm's queue.</summary>
    private static void RequireSubmittable(int runId, string status, string? slurmJobId, bool checkQueue)
    {
        if (status == RunStatus.Completed)
            throw new UsageException($"run {runId} is completed: it has no image left to evaluate");
        if (!RunStatus.IsResumable(status) || status == RunStatus.Paused)
            throw new UsageException($"run {runId} is {status}; `runs resume {runId}` queues it again before it can be submitted");
        if (!checkQueue || slurmJobId is not { } previous)
            return;
        IReadOnlyList<string> states;
        try
        {
            states = SlurmJobs.States(previous);
        }
        catch (SlurmUnavailableException e)
        {
            throw new UsageException($"run {runId} was submitted before as Slurm job {previous}, and whether that job still runs " +
                $"cannot be checked: {e.Message}");
        }
        if (states.Count > 0)
            throw new UsageException($"run {runId} is already submitted as Slurm job {previous}, which is still in the queue " +
                $"({SlurmJobs.Describe(states)}); `runs cancel {runId}` cancels it, `runs wait {runId}` waits for it");
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+(,[A-Za-z0-9_.\-]+)*$")]
    private static partial Regex PartitionPattern();

    [GeneratedRegex(@"^(\d+-)?\d+(:\d{1,2}){0,2}$")]
    private static partial Regex TimePattern();
}

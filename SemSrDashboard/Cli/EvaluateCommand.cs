using System.CommandLine;
using System.Runtime.InteropServices;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Export;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Scanning;

namespace SemSrDashboard.Cli;

/// <summary><c>evaluate</c>: runs (or resumes) an evaluation headless, e.g. on a cluster node.</summary>
public static class EvaluateCommand
{
    public static Command Create(TextWriter error)
    {
        var runOptions = new RunOptions();
        var csv = new Option<string?>("--csv") { Description = "Write all of the run's results to this CSV (long format)" };
        var resume = new Option<int?>("--resume") { Description = "Resume the run with this id" };
        var forceNew = new Option<bool>("--new") { Description = "Start a new run even if an unfinished one has the same settings" };
        var verbose = new Option<bool>("--verbose")
        {
            Description = "At the end, print where the execution spent its time: phases, workers, writer, queue and per-stage times",
        };

        var command = new Command("evaluate", "Evaluate methods on a data folder; running the same command again resumes the run")
        {
            CommandLine.DatabaseOption, csv, resume, forceNew, verbose,
        };
        runOptions.AddTo(command);
        command.Validators.Add(result =>
        {
            if (result.GetValue(resume) is not null && result.GetValue(forceNew))
                result.AddError("--resume and --new exclude each other");
        });
        command.SetAction(async (parse, _) =>
        {
            // Validate before touching the database: bad arguments write nothing.
            var methodCatalog = EngineContext.CreateMethodCatalog();
            var (settings, scan) = runOptions.Validate(parse, methodCatalog);
            RequireCsvFolder(parse.GetValue(csv));
            var engine = new EngineContext(CommandLine.OpenDatabase(parse), methodCatalog);
            return await RunAsync(engine, settings, scan, parse.GetValue(resume), parse.GetValue(forceNew), parse.GetValue(csv),
                parse.GetValue(verbose), error);
        });
        return command;
    }

    // Standard output carries data only (this verb has none; `--csv` writes to a file); every message and the
    // progress go to standard error, so `evaluate ... > log` and pipes stay clean.

    /// <summary>Refuses a <c>--csv</c> path whose folder does not exist, before any work is done.</summary>
    internal static void RequireCsvFolder(string? csvPath)
    {
        if (csvPath is null)
            return;
        string? folder = Path.GetDirectoryName(Path.GetFullPath(csvPath));
        if (folder is not null && !Directory.Exists(folder))
            throw new UsageException($"folder not found for --csv: {folder}");
        if (Directory.Exists(csvPath))
            throw new UsageException($"--csv names a folder, not a file: {csvPath}");
    }

    private static async Task<int> RunAsync(EngineContext engine, RunSettings settings, DatasetScan scan, int? resumeId, bool forceNew,
        string? csvPath, bool verbose, TextWriter error)
    {
        int runId;
        if (resumeId is int id)
        {
            var run = engine.Store.FindRun(id) ?? throw new UsageException($"run {id} not found");
            if (!RunStatus.IsResumable(run.Status) && !RunStatus.CanBeTakenUpAgain(run.Status))
                throw new UsageException($"run {id} is {run.Status} and cannot be resumed");
            if (run.Status == RunStatus.Cancelled)
                RunStatusChange.Apply(engine.Store, id, RunStatus.Paused); // cancel stopped it; it goes on from here
            runId = id;
            await error.WriteLineAsync($"Resuming run {id}");
        }
        else
        {
            var (run, resumed) = engine.Planner.CreateOrResume(settings, forceNew, scan);
            runId = run.Id;
            await error.WriteLineAsync(resumed
                ? $"Resuming run {run.Id} ({run.TotalImages} images) — use --new for a fresh run"
                : $"Run {run.Id}: {run.TotalImages} images, methods {run.Methods}, database {engine.Database.Target.Display}");
        }

        StartupClock.Mark("run planned");
        using var interrupt = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; interrupt.Cancel(); });
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; interrupt.Cancel(); });

        var executor = new RunExecutor(engine.Store, engine.Methods);
        var display = ProgressDisplay.Create(error);
        var outcome = await display.RunAsync(progress =>
            executor.ExecuteAsync(runId, EngineContext.NewOwnerId("cli"), progress, RunStatus.Paused, interrupt.Token));

        StartupClock.Mark("run executed");
        if (verbose && outcome.Execution is { } execution)
            await error.WriteLineAsync(execution.Describe(runId));
        if (outcome.LeaseHeld)
        {
            // Another live process executes the run (see LeaseOwners for when a dead one is taken over): leave it alone.
            string holder = engine.Store.FindRun(runId)?.LeaseOwner ?? "another process";
            await error.WriteLineAsync($"Run {runId} is being executed by {holder}; nothing was done here. " +
                $"Wait for it to finish, or stop it with `runs pause {runId}` and run this command again");
            return ExitCodes.Interrupted;
        }

        if (csvPath is not null)
        {
            await using var writer = new StreamWriter(csvPath);
            LongCsvWriter.Write(writer, engine.Store.Results(runId));
            await error.WriteLineAsync($"Wrote {csvPath}");
        }

        if (outcome.StorageFailed)
        {
            // Not the run's fault and not an interruption: exit 1 so that scripts do not retry a full disk in a loop.
            await error.WriteLineAsync($"error: run {runId} stopped: {outcome.Message?.TrimEnd('.')}. The results stored so far are kept; " +
                "fix the database's disk and run the same command again to resume");
            return ExitCodes.Failed;
        }

        switch (outcome.Status)
        {
            case RunStatus.Completed:
                await error.WriteLineAsync($"Run {runId} completed");
                return ExitCodes.Completed;
            case RunStatus.Paused or RunStatus.Running:
                await error.WriteLineAsync($"Run {runId} {outcome.Message ?? "stopped"}; run the same command again to resume");
                return ExitCodes.Interrupted;
            default:
                await error.WriteLineAsync($"Run {runId} {outcome.Status}: {outcome.Message}");
                return ExitCodes.Failed;
        }
    }
}

using System.CommandLine;
using System.Runtime.InteropServices;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Cli;

/// <summary><c>worker --run ID [--db DB]</c>: joins a run that several processes (Slurm array tasks, or processes on
/// one machine) evaluate together, and works until no image is left.</summary>
public static class WorkerCommand
{
    public static Command Create(TextWriter error)
    {
        var run = new Option<int>("--run") { Description = "The run to join (made by runs create)", Required = true };
        var verbose = new Option<bool>("--verbose") { Description = "At the end, print where this worker spent its time" };
        var command = new Command("worker", "Join a run as one of several workers: claim images, evaluate them, store their results; " +
            "exit 0 when no image is left") { run, verbose, CommandLine.DatabaseOption };
        command.SetAction(async (parse, cancellation) =>
        {
            var engine = CommandLine.OpenEngine(parse);
            int runId = parse.GetValue(run);
            _ = engine.Store.FindRun(runId) ?? throw new UsageException($"run {runId} not found");
            using var interrupt = new CancellationTokenSource();
            using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => { c.Cancel = true; interrupt.Cancel(); });
            using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; interrupt.Cancel(); });

            var worker = new RunWorker(engine.Store, engine.Methods);
            await error.WriteLineAsync($"Worker {worker.Identity.WorkerId} joins run {runId} of {engine.Database.Target.Display}");
            WorkerOutcome? outcome = null;
            await ProgressDisplay.Create(error).RunAsync(async progress =>
            {
                outcome = await worker.ExecuteAsync(runId, progress, interrupt.Token);
                return new RunOutcome(runId, outcome.RunStatus, outcome.Message, StorageFailed: outcome.StorageFailed);
            });
            if (parse.GetValue(verbose) && outcome!.Execution is { } execution)
                await error.WriteLineAsync(execution.Describe(runId));
            return await ExitCodeAsync(runId, outcome!, error);
        });
        return command;
    }

    private static async Task<int> ExitCodeAsync(int runId, WorkerOutcome outcome, TextWriter error)
    {
        string done = $"{outcome.ImagesDone} image(s) stored by this worker";
        switch (outcome.WorkerState)
        {
            case WorkerStates.Refused:
                await error.WriteLineAsync($"error: refused: {outcome.Message}");
                return ExitCodes.BadArguments;
            case WorkerStates.Interrupted:
                await error.WriteLineAsync($"Worker interrupted ({done}); its images go to the other workers");
                return ExitCodes.Interrupted;
            case WorkerStates.Failed when outcome.StorageFailed:
                await error.WriteLineAsync($"error: run {runId}: {outcome.Message} ({done}); the run stays resumable");
                return ExitCodes.Failed;
            case WorkerStates.Failed:
                await error.WriteLineAsync($"Run {runId} failed: {outcome.Message}");
                return ExitCodes.Failed;
        }
        await error.WriteLineAsync($"Run {runId} {outcome.RunStatus}: {outcome.Message} ({done})");
        return outcome.RunStatus switch
        {
            RunStatus.Completed or RunStatus.Running or RunStatus.Queued => ExitCodes.Completed,
            RunStatus.Paused => ExitCodes.Interrupted,
            _ => ExitCodes.Failed,
        };
    }
}

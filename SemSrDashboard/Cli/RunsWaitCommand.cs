using System.CommandLine;
using System.Globalization;
using SemSrDashboard.Engine.Domain;

namespace SemSrDashboard.Cli;

/// <summary><c>runs wait ID [--timeout SECONDS]</c>: blocks until a run has ended, whichever process or worker
/// executes it, so that scripts (a Slurm job after the array, CI) can chain on it.</summary>
public static class RunsWaitCommand
{
    /// <summary>How often the run's status is read: a run's end is noticed within this time.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    public static Command Create(TextWriter messages)
    {
        var id = new Argument<int>("id") { Description = "Run id" };
        var timeout = new Option<double?>("--timeout") { Description = "Give up after this many seconds (exit code 124)" };
        var command = new Command("wait", "Wait until a run has ended: exit 0 completed, 1 failed or cancelled, 124 on timeout " +
            "(a paused run has not ended)") { id, timeout, CommandLine.DatabaseOption };
        command.SetAction(async (parse, cancellation) =>
        {
            if (parse.GetValue(timeout) is <= 0)
                throw new UsageException("--timeout must be a positive number of seconds");
            var store = CommandLine.OpenEngine(parse).Store;
            int runId = parse.GetValue(id);
            var deadline = parse.GetValue(timeout) is double seconds ? DateTime.UtcNow.AddSeconds(seconds) : DateTime.MaxValue;
            while (true)
            {
                var run = store.FindRun(runId) ?? throw new UsageException($"run {runId} not found");
                if (!RunStatus.IsResumable(run.Status))
                {
                    await messages.WriteLineAsync($"Run {runId} {run.Status}" + (run.Error is { } error ? $": {error}" : ""));
                    return run.Status == RunStatus.Completed ? ExitCodes.Completed : ExitCodes.Failed;
                }
                if (DateTime.UtcNow >= deadline)
                {
                    await messages.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                        $"Run {runId} is still {run.Status} after {parse.GetValue(timeout)} s"));
                    return ExitCodes.TimedOut;
                }
                var pause = deadline - DateTime.UtcNow;
                await Task.Delay(pause < PollInterval ? pause : PollInterval, cancellation);
            }
        });
        return command;
    }
}

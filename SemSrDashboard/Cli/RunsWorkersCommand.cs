using System.CommandLine;
using System.Globalization;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Cli;

/// <summary><c>runs workers ID</c>: one tab-separated line per worker that joined the run (the contract's header first).</summary>
public static class RunsWorkersCommand
{
    public const string Header = "worker_id\thost\tslurm_job_id\tarray_task_id\tprovider\tstate\timages_done\timages_per_s\tlast_heartbeat_utc";

    public static Command Create(TextWriter output)
    {
        var id = new Argument<int>("id") { Description = "Run id" };
        var command = new Command("workers", "List the workers of a run: host, Slurm job and task, state (running, finished, lost...), " +
            "images done and rate") { id, CommandLine.DatabaseOption };
        command.SetAction(async parse =>
        {
            var engine = CommandLine.OpenEngine(parse);
            int runId = parse.GetValue(id);
            _ = engine.Store.FindRun(runId) ?? throw new UsageException($"run {runId} not found");
            await output.WriteLineAsync(Header);
            var now = DateTime.UtcNow;
            foreach (var worker in new RunWorkers(engine.Database).Of(runId))
            {
                var view = WorkerView.Of(worker, now, RunExecutor.DefaultLeaseDuration);
                await output.WriteLineAsync(string.Join('\t', worker.WorkerId, worker.Host, worker.SlurmJobId ?? "",
                    worker.ArrayTaskId?.ToString(CultureInfo.InvariantCulture) ?? "", worker.Provider ?? "", view.State,
                    worker.ImagesDone.ToString(CultureInfo.InvariantCulture), view.ImagesPerSecond.ToString("0.000", CultureInfo.InvariantCulture),
                    worker.LastHeartbeatUtc.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)));
            }
            return ExitCodes.Completed;
        });
        return command;
    }
}

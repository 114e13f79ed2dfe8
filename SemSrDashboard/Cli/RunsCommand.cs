using System.CommandLine;
using System.Globalization;
using SemSrDashboard.Cli.Slurm;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Cli;

/// <summary><c>runs list|cancel|pause|resume|export|import|merge|create|wait|submit</c>: manage runs in the database. <c>runs list</c> writes
/// its table to standard output; the other verbs' confirmations go to standard error.</summary>
public static class RunsCommand
{
    public static Command Create(TextWriter output, TextWriter error)
    {
        var command = new Command("runs", "List and control runs");
        var list = new Command("list", "List runs, newest first") { CommandLine.DatabaseOption };
        list.SetAction(async (parse, _) =>
        {
            var store = CommandLine.OpenEngine(parse).Store;
            await output.WriteLineAsync("id\tstatus\tdone/total\tmethods\tprotocol\tinfo_bar\tprovider\tcreated_utc\tdata");
            // One grouped query for every run's counts, not every result of every run.
            var counts = store.CountsByRun();
            foreach (var run in store.ListRuns())
            {
                int done = counts.TryGetValue(run.Id, out var count) ? count.Done : 0;
                await output.WriteLineAsync(string.Join('\t', run.Id, run.Status, $"{done}/{run.TotalImages}", run.Methods, run.Protocol,
                    run.InfoBar, run.Provider ?? "-", run.CreatedUtc.ToString("u", CultureInfo.InvariantCulture), run.DataRoot));
            }
            StartupClock.Mark("runs listed");
            return ExitCodes.Completed;
        });
        command.Subcommands.Add(list);
        command.Subcommands.Add(RunsCreateCommand.Create(output));
        command.Subcommands.Add(StatusChange("cancel", "Cancel a run (its results are kept)", RunStatus.Cancelled, error));
        command.Subcommands.Add(StatusChange("pause", "Pause a running or queued run", RunStatus.Paused, error));
        command.Subcommands.Add(StatusChange("resume", "Queue a paused or cancelled run again (the dashboard picks it up; or run evaluate --resume ID)", RunStatus.Queued, error));
        command.Subcommands.Add(Export(error));
        command.Subcommands.Add(Import(error));
        command.Subcommands.Add(Merge(error));
        command.Subcommands.Add(RunsWaitCommand.Create(error));
        command.Subcommands.Add(RunsSubmitCommand.Create(output, error));
        command.Subcommands.Add(RunsWorkersCommand.Create(output));
        return command;
    }

    private static Command Export(TextWriter messages)
    {
        var id = new Argument<int>("id") { Description = "Run id" };
        var file = new Option<string>("--out") { Description = "New run file (a SQLite database)", Required = true };
        var command = new Command("export", "Write one run (settings, images, results) to a run file") { id, file, CommandLine.DatabaseOption };
        command.SetAction(async (parse, _) =>
        {
            var engine = CommandLine.OpenEngine(parse);
            var run = engine.Store.FindRun(parse.GetValue(id)) ?? throw new UsageException($"run {parse.GetValue(id)} not found");
            if (File.Exists(parse.GetValue(file)))
                throw new UsageException($"{parse.GetValue(file)} already exists; choose a new file");
            RunTransfer.Export(engine.Database, run.Id, parse.GetValue(file)!);
            await messages.WriteLineAsync($"Exported run {run.Id} to {parse.GetValue(file)}");
            return ExitCodes.Completed;
        });
        return command;
    }

    private static Command Import(TextWriter messages)
    {
        var file = new Argument<string>("file") { Description = "Run file written by runs export" };
        var command = new Command("import", "Add the runs of a run file to the database (new ids)") { file, CommandLine.DatabaseOption };
        command.SetAction(async (parse, _) =>
        {
            if (!File.Exists(parse.GetValue(file)))
                throw new UsageException($"run file not found: {parse.GetValue(file)}");
            var ids = RunTransfer.Import(CommandLine.OpenDatabase(parse), parse.GetValue(file)!);
            await messages.WriteLineAsync($"Imported {ids.Count} run(s) as {string.Join(", ", ids)}");
            return ExitCodes.Completed;
        });
        return command;
    }

    private static Command Merge(TextWriter messages)
    {
        var files = new Argument<string[]>("files") { Description = "The shard files of evaluate --shard i/N, one per shard", Arity = ArgumentArity.OneOrMore };
        var into = new Option<string>("--into") { Description = "Database that receives the merged run: a SQLite file (created when missing) or a PostgreSQL connection string", Required = true };
        var command = new Command("merge", "Join the shard runs of evaluate --shard i/N into one run, after checking they are " +
            "the complete, completed shards of one run configuration") { files, into };
        command.SetAction(async (parse, _) =>
        {
            DatabaseTarget target;
            try
            {
                target = DatabaseTarget.Parse(parse.GetValue(into)!); // a SQLite file or a PostgreSQL database
            }
            catch (FormatException e)
            {
                throw new UsageException(e.Message);
            }
            int id = ShardMerge.Merge(parse.GetValue(files)!, () => EvaluationDatabase.Open(target));
            await messages.WriteLineAsync($"Merged {parse.GetValue(files)!.Length} shards into run {id} of {target.Display}");
            return ExitCodes.Completed;
        });
        return command;
    }

    private static Command StatusChange(string verb, string description, string newStatus, TextWriter messages)
    {
        var id = new Argument<int>("id") { Description = "Run id" };
        var command = new Command(verb, description) { id, CommandLine.DatabaseOption };
        command.SetAction(async (parse, _) =>
        {
            var store = CommandLine.OpenEngine(parse).Store;
            var run = store.FindRun(parse.GetValue(id)) ?? throw new UsageException($"run {parse.GetValue(id)} not found");
            bool allowed = newStatus == RunStatus.Queued ? RunStatus.CanBeTakenUpAgain(run.Status) : RunStatus.IsResumable(run.Status);
            if (!allowed)
                throw new UsageException($"run {run.Id} is {run.Status}; cannot {verb} it");
            RunStatusChange.Apply(store, run.Id, newStatus);
            await messages.WriteLineAsync($"Run {run.Id}: {run.Status} → {newStatus}");
            // The workers stop on their own once they see the status; scancel also removes the tasks still pending.
            if (newStatus == RunStatus.Cancelled && run.SlurmJobId is { } job)
                return await CancelSlurmJobAsync(run.Id, job, messages);
            return ExitCodes.Completed;
        });
        return command;
    }

    private static async Task<int> CancelSlurmJobAsync(int runId, string job, TextWriter messages)
    {
        try
        {
            await messages.WriteLineAsync(SlurmJobs.Cancel(job)
                ? $"Run {runId}: cancelled Slurm job {job}"
                : $"Run {runId}: Slurm job {job} had already left the queue");
            return ExitCodes.Completed;
        }
        catch (Exception e) when (e is SlurmUnavailableException or SlurmRejectedException)
        {
            await messages.WriteLineAsync($"error: run {runId} is cancelled, but its Slurm job {job} could not be: {e.Message}. " +
                $"Its workers stop when they see the run cancelled; `scancel {job}` on a submit host ends them at once.");
            return ExitCodes.Failed;
        }
    }

    public static StoredRun FindRunOrLatest(ResultStore store, int? id) =>
        id is int runId
            ? store.FindRun(runId) ?? throw new UsageException($"run {runId} not found")
            : store.ListRuns().FirstOrDefault() ?? throw new UsageException("the database holds no run");
}

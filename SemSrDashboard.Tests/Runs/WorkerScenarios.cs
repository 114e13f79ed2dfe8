using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SemSrDashboard.Cli;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Tests.Runs;

/// <summary>Several real <c>worker</c> processes on one run, on whichever database <c>--db</c> names (a SQLite file
/// or a PostgreSQL database): what <see cref="WorkerProcessTests"/> and the PostgreSQL worker tests check.</summary>
public sealed class WorkerScenarios(RunWorkspace workspace, string database, Func<EvaluationDbContext> open)
{
    public static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);
    /// <summary>A model makes each image take long enough that every worker gets some.</summary>
    public static readonly string[] Methods = ["bicubic", "rdn-slim-x4"];

    public string[] RunOptions => ["--data", workspace.Data, "--methods", string.Join(',', Methods), "--store-outputs", "none"];

    public async Task<int> CreateRunAsync()
    {
        var (code, output, error) = await CliProcess.RunAsync(workspace.Root, null, Limit, ["runs", "create", .. RunOptions, "--db", database]);
        Assert.True(code == ExitCodes.Completed, error);
        return int.Parse(output.Trim(), CultureInfo.InvariantCulture);
    }

    /// <summary>One thread per worker process, so that the processes share the images instead of one taking most.</summary>
    public static Dictionary<string, string> Environment(int leaseSeconds = 30) =>
        new() { ["SEMSR_WORKERS"] = "1", ["SEMSR_LEASE_SECONDS"] = leaseSeconds.ToString(CultureInfo.InvariantCulture) };

    public CliProcess StartWorker(int runId, int leaseSeconds = 30) =>
        CliProcess.Start(workspace.Root, Environment(leaseSeconds), "worker", "--run", runId.ToString(CultureInfo.InvariantCulture), "--db", database);

    /// <summary>The lines of <c>runs workers</c> after its header, split at tabs.</summary>
    public async Task<List<string[]>> WorkersAsync(int runId, int leaseSeconds = 30)
    {
        var (code, output, error) = await CliProcess.RunAsync(workspace.Root, Environment(leaseSeconds), Limit,
            "runs", "workers", runId.ToString(CultureInfo.InvariantCulture), "--db", database);
        Assert.True(code == ExitCodes.Completed, error);
        var lines = output.TrimEnd('\n').Split('\n');
        Assert.Equal(RunsWorkersCommand.Header, lines[0]);
        return lines.Skip(1).Select(l => l.Split('\t')).ToList();
    }

    /// <summary>The run's long CSV, as <c>export</c> writes it.</summary>
    public async Task<string[]> CsvAsync(string db, int runId, string name)
    {
        string csv = workspace.PathOf(name + ".csv");
        var (code, _, error) = await CliProcess.RunAsync(workspace.Root, null, Limit, "export", "--db", db, "--run",
            runId.ToString(CultureInfo.InvariantCulture), "--csv", csv);
        Assert.True(code == ExitCodes.Completed, error);
        return File.ReadAllLines(csv);
    }

    /// <summary>The same run executed by one <c>evaluate</c> on a SQLite file: the reference the workers must equal.</summary>
    public async Task<string[]> SingleProcessCsvAsync()
    {
        string single = workspace.PathOf("single.db");
        var (code, _, error) = await CliProcess.RunAsync(workspace.Root, null, Limit, ["evaluate", .. RunOptions, "--db", single]);
        Assert.True(code == ExitCodes.Completed, error);
        return await CsvAsync(single, 1, "single");
    }

    /// <summary>Every (image, method) of the run stored exactly once, and the run completed.</summary>
    public void AssertCompleteOnce(int runId)
    {
        using var db = open();
        var keys = db.Results.AsNoTracking().Where(r => r.RunId == runId).Select(r => new { r.ImageId, r.Method }).ToList();
        Assert.Equal(workspace.ImageCount * Methods.Length, keys.Count);
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.Equal(RunStatus.Completed, db.Runs.AsNoTracking().Single(r => r.Id == runId).Status);
    }

    public WorkerRecord? Worker(Func<WorkerRecord, bool> which)
    {
        using var db = open();
        return db.Workers.AsNoTracking().AsEnumerable().FirstOrDefault(which);
    }

    public EvaluationDbContext Open() => open();
}

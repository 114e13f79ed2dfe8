using Microsoft.Data.Sqlite;
using SemSrDashboard.Cli;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Tests.Runs;

namespace SemSrDashboard.Tests.Cluster;

/// <summary><c>worker</c> processes sharing one run on the throwaway PostgreSQL server: the same per-image CSV as a
/// single <c>evaluate</c> on SQLite with every (image, method) once, and a killed worker's images finished by the
/// others once its claims expire.</summary>
[Collection(ClusterCollection.Name)]
public sealed class PostgresWorkerTests(ThrowawayCluster cluster) : IDisposable
{
    private readonly RunWorkspace _workspace = new(copiesPerImage: 2);

    private async Task<(WorkerScenarios Scenarios, string Database)> NewAsync()
    {
        string database = await cluster.Postgres.NewDatabaseAsync();
        var store = EvaluationDatabase.Open(DatabaseTarget.Parse(database));
        return (new WorkerScenarios(_workspace, database, store.CreateContext), database);
    }

    [Fact]
    public async Task Three_workers_on_PostgreSQL_equal_a_single_evaluate_on_SQLite()
    {
        var (scenarios, database) = await NewAsync();
        int run = await scenarios.CreateRunAsync();
        var workers = Enumerable.Range(0, 3).Select(_ => scenarios.StartWorker(run)).ToList();
        foreach (var worker in workers)
        {
            int code = await worker.WaitAsync(WorkerScenarios.Limit);
            Assert.True(code == ExitCodes.Completed, $"exit {code}\n{worker.Error}");
            worker.Dispose();
        }

        scenarios.AssertCompleteOnce(run);
        var rows = await scenarios.WorkersAsync(run);
        Assert.Equal(3, rows.Count);
        Assert.True(rows.Count(r => int.Parse(r[6]) > 0) >= 2, "fewer than two workers stored images");
        Assert.Equal(_workspace.ImageCount, rows.Sum(r => int.Parse(r[6])));
        Assert.Equal(await scenarios.SingleProcessCsvAsync(), await scenarios.CsvAsync(database, run, "workers"));
    }

    [Fact]
    public async Task A_killed_worker_on_PostgreSQL_loses_nothing_and_shows_as_lost()
    {
        const int lease = 3;
        var (scenarios, _) = await NewAsync();
        int run = await scenarios.CreateRunAsync();
        using var doomed = scenarios.StartWorker(run, lease);
        using var survivor = scenarios.StartWorker(run, lease);
        await Poll.UntilAsync(() => doomed.HasExited || scenarios.Worker(w => w.Id == 1 && w.ImagesDone >= 1) is not null,
            "the first worker's first image");
        Assert.False(doomed.HasExited, $"the first worker ended before it could be killed:\n{doomed.Error}");
        doomed.KillHard();
        string dead = scenarios.Worker(w => w.Id == 1)!.WorkerId;

        int code = await survivor.WaitAsync(WorkerScenarios.Limit);
        Assert.True(code == ExitCodes.Completed, $"exit {code}\n{survivor.Error}");
        scenarios.AssertCompleteOnce(run);
        var rows = await scenarios.WorkersAsync(run, lease);
        Assert.Equal("lost", rows.Single(r => r[0] == dead)[5]);
        Assert.Equal(_workspace.ImageCount, rows.Sum(r => int.Parse(r[6])));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _workspace.Dispose();
    }
}

using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Npgsql;
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
    private readonly RunWorkspace _workspace = new(copiesPerImage: 4);

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
        // Its row, by the process id in the worker id (host:pid:random); the two may register in either order.
        bool IsDoomed(WorkerRecord w) => w.WorkerId.Contains($":{doomed.Id}:", StringComparison.Ordinal);
        await Poll.UntilAsync(() => doomed.HasExited || scenarios.Worker(w => IsDoomed(w) && w.ImagesDone >= 1) is not null,
            "the first worker's first image");
        Assert.False(doomed.HasExited, $"the first worker ended before it could be killed:\n{doomed.Error}");
        doomed.KillHard();
        string dead = scenarios.Worker(IsDoomed)!.WorkerId;

        int code = await survivor.WaitAsync(WorkerScenarios.Limit);
        Assert.True(code == ExitCodes.Completed, $"exit {code}\n{survivor.Error}");
        scenarios.AssertCompleteOnce(run);
        var rows = await scenarios.WorkersAsync(run, lease);
        Assert.Equal("lost", rows.Single(r => r[0] == dead)[5]);
        Assert.Equal(_workspace.ImageCount, rows.Sum(r => int.Parse(r[6])));
    }

    [Fact]
    public async Task A_worker_that_loses_the_database_stops_with_nothing_half_written_and_another_finishes_the_run()
    {
        var (scenarios, database) = await NewAsync();
        int run = await scenarios.CreateRunAsync();
        using (var worker = scenarios.StartWorker(run, leaseSeconds: 3))
        {
            await Poll.UntilAsync(() => worker.HasExited || scenarios.Worker(w => w.ImagesDone >= 1) is not null, "the worker's first image");
            Assert.False(worker.HasExited, $"the worker ended before the database could be cut off:\n{worker.Error}");
            // The server drops every connection of the database, again and again, until the worker gives up.
            var outage = Stopwatch.StartNew();
            while (!worker.HasExited && outage.Elapsed < TimeSpan.FromSeconds(60))
            {
                await using var connection = await ThrowawayPostgres.OpenAsync(new NpgsqlConnectionStringBuilder(database) { Pooling = false }.ConnectionString);
                await using var command = new NpgsqlCommand(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()", connection);
                await command.ExecuteNonQueryAsync();
                await Task.Delay(50);
            }
            int code = await worker.WaitAsync(WorkerScenarios.Limit);
            Assert.True(code == ExitCodes.Failed, $"exit {code}\n{worker.Error}");
            Assert.Contains("the run stays resumable", worker.Error);
            Assert.DoesNotContain("   at ", worker.Error);
        }
        NpgsqlConnection.ClearAllPools(); // this test's own pooled connections were cut too
        using (var db = scenarios.Open())
        {
            // Each image has all of its results or none: a save is one transaction.
            var perImage = db.Results.Where(r => r.RunId == run).GroupBy(r => r.ImageId).Select(g => g.Count()).ToList();
            Assert.All(perImage, count => Assert.Equal(WorkerScenarios.Methods.Length, count));
            Assert.Equal("running", db.Runs.Single().Status);
        }

        using var next = scenarios.StartWorker(run, leaseSeconds: 3);
        int again = await next.WaitAsync(WorkerScenarios.Limit);
        Assert.True(again == ExitCodes.Completed, $"exit {again}\n{next.Error}");
        scenarios.AssertCompleteOnce(run);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _workspace.Dispose();
    }
}

using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SemSrDashboard.Cli;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Tests.Runs;

/// <summary><c>worker --run ID</c> processes sharing one run on a SQLite file: every (image, method) stored once and
/// equal to a single <c>evaluate</c>, a killed worker's images finished by the others after its lease, and a worker
/// whose configuration differs from the run's refused.</summary>
[Collection(RunsCollection.Name)]
public sealed class WorkerProcessTests : IDisposable
{
    private readonly RunWorkspace _workspace = new(copiesPerImage: 4);
    private readonly WorkerScenarios _scenarios;

    public WorkerProcessTests()
    {
        string db = _workspace.PathOf("workers.db");
        _scenarios = new WorkerScenarios(_workspace, db, () => DatabaseProbe.Context(db));
    }

    [Fact]
    public async Task Three_workers_store_every_result_once_and_equal_a_single_evaluate()
    {
        int run = await _scenarios.CreateRunAsync();
        var workers = Enumerable.Range(0, 3).Select(_ => _scenarios.StartWorker(run)).ToList();
        foreach (var worker in workers)
        {
            int code = await worker.WaitAsync(WorkerScenarios.Limit);
            Assert.True(code == ExitCodes.Completed, $"exit {code}\n{worker.Error}");
            worker.Dispose();
        }

        _scenarios.AssertCompleteOnce(run);
        var rows = await _scenarios.WorkersAsync(run);
        Assert.Equal(3, rows.Count);
        Assert.All(rows, r => Assert.Equal("finished", r[5]));
        Assert.Equal(_workspace.ImageCount, rows.Sum(r => int.Parse(r[6])));
        Assert.True(rows.Count(r => int.Parse(r[6]) > 0) >= 2, "fewer than two workers stored images");
        Assert.Equal(await _scenarios.SingleProcessCsvAsync(), await _scenarios.CsvAsync(_workspace.PathOf("workers.db"), run, "workers"));
    }

    [Fact]
    public async Task A_killed_workers_images_are_finished_by_the_other_after_its_lease_and_it_shows_as_lost()
    {
        const int lease = 3;
        int run = await _scenarios.CreateRunAsync();
        using var doomed = _scenarios.StartWorker(run, lease);
        using var survivor = _scenarios.StartWorker(run, lease);
        // The doomed worker's row, by the process id in its worker id (host:pid:random): the two register in either order.
        bool IsDoomed(WorkerRecord w) => w.WorkerId.Contains($":{doomed.Id}:", StringComparison.Ordinal);
        await DatabaseProbe.WaitUntilAsync(() => doomed.HasExited || _scenarios.Worker(w => IsDoomed(w) && w.ImagesDone >= 1) is not null,
            WorkerScenarios.Limit, "the first worker's first image");
        Assert.False(doomed.HasExited, $"the first worker ended before it could be killed:\n{doomed.Error}");
        var dead = _scenarios.Worker(IsDoomed)!;
        int[] Held()
        {
            using var db = _scenarios.Open();
            return db.Images.AsNoTracking().Where(i => i.ClaimedBy == dead.WorkerId && i.ClaimExpiresUtc != null).Select(i => i.Id).ToArray();
        }
        // Killed while it evaluates a claimed image (not in the instant between storing one image and claiming the next).
        await DatabaseProbe.WaitUntilAsync(() => doomed.HasExited || Held().Length > 0, WorkerScenarios.Limit, "a claim of the first worker");
        Assert.False(doomed.HasExited, $"the first worker ended before it could be killed:\n{doomed.Error}");
        doomed.KillHard();
        int[] held = Held();
        Assert.NotEmpty(held); // it died holding a claim

        int code = await survivor.WaitAsync(WorkerScenarios.Limit);
        Assert.True(code == ExitCodes.Completed, $"exit {code}\n{survivor.Error}");
        _scenarios.AssertCompleteOnce(run);
        string alive = _scenarios.Worker(w => !IsDoomed(w))!.WorkerId;
        using (var db = _scenarios.Open())
            Assert.All(db.Images.AsNoTracking().Where(i => held.Contains(i.Id)).ToList(), i => Assert.Equal(alive, i.ClaimedBy));

        var rows = await _scenarios.WorkersAsync(run, lease);
        Assert.Equal("lost", rows.Single(r => r[0] == dead.WorkerId)[5]);
        Assert.Equal("finished", rows.Single(r => r[0] == alive)[5]);
        Assert.Equal(_workspace.ImageCount, rows.Sum(r => int.Parse(r[6])));
    }

    [Fact]
    public async Task Cancelling_the_run_stops_its_worker_after_its_current_image()
    {
        int run = await _scenarios.CreateRunAsync();
        using var worker = _scenarios.StartWorker(run, leaseSeconds: 3);
        await DatabaseProbe.WaitUntilAsync(() => worker.HasExited || _scenarios.Worker(w => w.ImagesDone >= 1) is not null,
            WorkerScenarios.Limit, "the worker's first image");
        Assert.False(worker.HasExited, $"the worker ended before the run could be cancelled:\n{worker.Error}");
        var (cancel, _, cancelError) = await CliProcess.RunAsync(_workspace.Root, null, WorkerScenarios.Limit,
            "runs", "cancel", run.ToString(), "--db", _workspace.PathOf("workers.db"));
        Assert.True(cancel == ExitCodes.Completed, cancelError);

        int code = await worker.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(ExitCodes.Failed, code); // a cancelled run, as evaluate reports it
        Assert.Contains("cancelled", worker.Error);
        using var db = _scenarios.Open();
        Assert.Equal("cancelled", db.Runs.Single().Status);
        int stored = db.Results.Count();
        Assert.InRange(stored, 2, _workspace.ImageCount * WorkerScenarios.Methods.Length - 1);
        Assert.Equal(0, db.Images.Count(i => i.ClaimExpiresUtc != null)); // its open claims were released
        Assert.Equal(WorkerStates.Finished, db.Workers.Single().State);
    }

    [Fact]
    public async Task A_worker_of_another_engine_version_is_refused_with_the_reason()
    {
        int run = await _scenarios.CreateRunAsync();
        using (var db = _scenarios.Open())
        {
            // As if the run had been created by another version of the application.
            var record = db.Runs.Single(r => r.Id == run);
            var provenance = JsonNode.Parse(record.Provenance!)!.AsObject();
            provenance["application"] = "SemSrDashboard 0.0.1";
            record.Provenance = provenance.ToJsonString();
            db.SaveChanges();
        }
        using var worker = _scenarios.StartWorker(run);
        int code = await worker.WaitAsync(WorkerScenarios.Limit);

        Assert.Equal(ExitCodes.BadArguments, code);
        Assert.Contains("refused", worker.Error);
        Assert.Contains("application \"SemSrDashboard 0.0.1\" against", worker.Error);
        var row = Assert.Single(await _scenarios.WorkersAsync(run));
        Assert.Equal(["refused", "0"], row[5..7]);
        using var check = _scenarios.Open();
        Assert.Equal(0, check.Results.Count());
        Assert.Equal("queued", check.Runs.Single().Status);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _workspace.Dispose();
    }
}

using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using SemSrDashboard.Cli;
using SemSrDashboard.Components.Workers;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Services;

namespace SemSrDashboard.Tests.Dashboard;

/// <summary>The run page's workers list, over a real database whose workers table another process would write: the
/// fields of <c>runs workers</c>, lost workers, the run's total rate, and live changes through the shared
/// <see cref="WorkerBoard"/> (one query per refresh however many pages watch).</summary>
public sealed class RunWorkersPanelTests : DashboardTestContext, IDisposable
{
    private static readonly TimeSpan FastRefresh = TimeSpan.FromMilliseconds(100);
    private readonly string _folder = Directory.CreateTempSubdirectory("semsr-workers-").FullName;
    private readonly DateTime _now = DateTime.UtcNow;
    private EngineContext? _engine;

    void IDisposable.Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Lists_every_worker_with_its_state_and_rate_and_follows_the_table_live()
    {
        var board = await BoardAsync();
        AddWorker("lab1:100:a", "lab1", "77", 0, "CPU", WorkerStates.Running, 5, _now.AddSeconds(-10), _now);
        AddWorker("lab2:200:b", "lab2", "77", 1, "CPU", WorkerStates.Running, 3, _now.AddHours(-3), _now.AddHours(-2));
        AddWorker("lab1:300:c", "lab1", "77", 2, null, WorkerStates.Finished, 4, _now.AddSeconds(-20), _now.AddSeconds(-10), finished: true);

        var cut = Render<RunWorkersPanel>(p => p.Add(c => c.RunId, 1));

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("[data-testid=worker-row]").Count));
        Assert.Equal(["lab1:100:a", "lab2:200:b", "lab1:300:c"], Texts(cut, "worker-id"));
        Assert.Equal(["running", "lost", "finished"], Texts(cut, "worker-state"));
        Assert.Equal(["5", "3", "4"], Texts(cut, "worker-images"));
        var first = cut.FindAll("[data-testid=worker-row]")[0].TextContent;
        Assert.Contains("77 · 0", first);
        Assert.Contains("0.50", first); // 5 images in 10 s
        Assert.Contains("0.40", cut.FindAll("[data-testid=worker-row]")[2].TextContent); // 4 images from start to finish, 10 s
        // Only running workers add to the run's rate: the lost and the finished one no longer work.
        Assert.Equal("Workers: 1 running · 1 finished · 1 lost · 0.50 images/s in total", cut.Find("[data-testid=workers-summary]").TextContent.Trim());

        // Another process stores more images and a new worker joins: the page shows both without a reload.
        using (var db = _engine!.Database.CreateContext())
            await db.Workers.Where(w => w.WorkerId == "lab1:100:a").ExecuteUpdateAsync(s => s.SetProperty(w => w.ImagesDone, 8));
        AddWorker("lab3:400:d", "lab3", "77", 3, "CUDA", WorkerStates.Running, 0, _now, _now);

        cut.WaitForAssertion(() => Assert.Equal(["8", "3", "4", "0"], Texts(cut, "worker-images")));
        Assert.Contains("2 running", cut.Find("[data-testid=workers-summary]").TextContent);
        Assert.True(board.Queries >= 2);
    }

    [Fact]
    public async Task A_run_no_worker_joined_shows_no_workers_list()
    {
        await BoardAsync();

        var cut = Render<RunWorkersPanel>(p => p.Add(c => c.RunId, 1));

        Assert.Empty(cut.FindAll("[data-testid=run-workers]"));
    }

    [Fact]
    public async Task Many_pages_on_the_run_share_one_query_per_refresh()
    {
        var board = await BoardAsync();
        AddWorker("lab1:100:a", "lab1", null, null, "CPU", WorkerStates.Running, 1, _now.AddSeconds(-2), _now);
        var pages = Enumerable.Range(0, 6).Select(_ => Render<RunWorkersPanel>(p => p.Add(c => c.RunId, 1))).ToList();
        foreach (var page in pages)
            page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=worker-row]")));

        long before = board.Queries;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(1));
        long queries = board.Queries - before;

        // One query per tick at most, not one per page: six pages would make six times as many.
        Assert.InRange(queries, 1, (long)(clock.Elapsed / FastRefresh) + 1);
        Assert.Equal(6, board.SubscriberCount);
        await DisposeComponentsAsync(); // the pages leave: their subscriptions end, and with them the reads
        Assert.Equal(0, board.SubscriberCount);
    }

    private async Task<WorkerBoard> BoardAsync()
    {
        string db = Path.Combine(_folder, "w.db");
        var create = await CommandLine.RunAsync(["runs", "create", "--data", RepositoryPaths.DemoData, "--methods", "bicubic", "--db", db],
            TextWriter.Null, TextWriter.Null);
        Assert.Equal(ExitCodes.Completed, create);
        _engine = EngineContext.Open(db);
        var runList = new RunListCache(_engine.Store, new ProgressBroadcaster(NullLogger<ProgressBroadcaster>.Instance));
        var board = new WorkerBoard(new WorkerRoster(_engine.Database), runList, NullLogger<WorkerBoard>.Instance, FastRefresh);
        Services.AddSingleton(board);
        SetRendererInfo(new RendererInfo("Server", isInteractive: true));
        return board;
    }

    private void AddWorker(string id, string host, string? job, int? task, string? provider, string state, int images,
        DateTime started, DateTime heartbeat, bool finished = false)
    {
        using var db = _engine!.Database.CreateContext();
        db.Workers.Add(new WorkerRecord
        {
            WorkerId = id, RunId = 1, Host = host, SlurmJobId = job, ArrayTaskId = task, Provider = provider, State = state,
            ImagesDone = images, StartedUtc = started, LastHeartbeatUtc = heartbeat, FinishedUtc = finished ? heartbeat : null,
        });
        db.SaveChanges();
    }

    private static string[] Texts(IRenderedComponent<RunWorkersPanel> cut, string testId) =>
        cut.FindAll($"[data-testid={testId}]").Select(e => e.TextContent.Trim()).ToArray();
}

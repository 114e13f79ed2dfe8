using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Npgsql;
using SemSrDashboard.Cli;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Hosting;
using SemSrDashboard.Tests.Runs;

namespace SemSrDashboard.Tests.Cluster;

/// <summary>The dashboard on PostgreSQL watching a run that two <c>worker</c> processes of their own execute: the run
/// page lists the workers with their state while they run and when they have finished, the runs page shows the
/// progress they stored, and the dashboard's own queue leaves the run to them.</summary>
[Collection(ClusterCollection.Name)]
public sealed partial class DashboardWorkersTests(ThrowawayCluster cluster) : IDisposable
{
    private readonly RunWorkspace _workspace = new(copiesPerImage: 2);

    [Fact]
    public async Task The_run_page_lists_the_workers_of_other_processes_and_the_runs_page_their_progress()
    {
        string postgres = await cluster.Postgres.NewDatabaseAsync();
        var scenarios = new WorkerScenarios(_workspace, postgres, () => EvaluationDatabase.Open(DatabaseTarget.Parse(postgres)).CreateContext());
        int run = await scenarios.CreateRunAsync();
        // The workers join first: a queued run nobody works on is the dashboard's queue's to take.
        var workers = Enumerable.Range(0, 2).Select(_ => scenarios.StartWorker(run)).ToList();
        string page = "";
        try
        {
            await DatabaseProbe.WaitUntilAsync(() => workers.Any(w => w.HasExited) || scenarios.Worker(w => w.Id == 2) is not null,
                WorkerScenarios.Limit, "both workers to join");
            await using var app = DashboardHost.Build(["--urls", "http://127.0.0.1:0", $"--SemSr:Database={postgres}",
                "--SemSr:DemoRun=false", $"--SemSr:DataRoots:0={_workspace.Data}", "--Logging:LogLevel:Default=Warning"]);
            await app.StartAsync();
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            // While they run: both listed, running, on this host.
            string live = "";
            await Poll.UntilAsync(async () => WorkerStates(live = await client.GetStringAsync($"/runs/{run}")) is ["running", "running"]
                || workers.Any(w => w.HasExited), "the run page to list two running workers");
            Assert.True(WorkerStates(live) is ["running", "running"], "a worker ended before the page showed both running: " +
                string.Join(", ", WorkerStates(live)) + "\n" + string.Join('\n', workers.Select(w => w.Error)));
            foreach (var worker in workers)
                Assert.True(await worker.WaitAsync(WorkerScenarios.Limit) == ExitCodes.Completed, worker.Error);

            page = await client.GetStringAsync($"/runs/{run}");
            string runs = await client.GetStringAsync("/");
            await app.StopAsync();
            Assert.Contains($"{_workspace.ImageCount} / {_workspace.ImageCount} images (100 %)", runs);
        }
        finally
        {
            workers.ForEach(w => w.Dispose());
        }

        Assert.Equal(["finished", "finished"], WorkerStates(page));
        Assert.Contains(Environment.MachineName, page);
        // Every result stored once, all by the two workers: the dashboard's queue did not execute the run itself.
        scenarios.AssertCompleteOnce(run);
        var rows = await scenarios.WorkersAsync(run);
        Assert.Equal(2, rows.Count);
        Assert.Equal(_workspace.ImageCount, rows.Sum(r => int.Parse(r[6], CultureInfo.InvariantCulture)));
    }

    private static string[] WorkerStates(string html) =>
        StatePattern().Matches(html).Select(m => m.Groups[1].Value.Trim()).ToArray();

    [GeneratedRegex(@"data-testid=""worker-state""[^>]*>(?:\s*<[^>]+>)*\s*([a-z]+)")]
    private static partial Regex StatePattern();

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        _workspace.Dispose();
    }
}

using System.Diagnostics;
using System.Text.Json.Nodes;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Evaluation;
using SemSrDashboard.Engine.Runs;

namespace SemSrDashboard.Tests.Runs;

/// <summary>A run's execution report accounts for its images, stages and time, is stored with the run's provenance
/// and is printed by <c>evaluate --verbose</c>.</summary>
[Collection(RunsCollection.Name)]
public sealed class ExecutionReportTests
{
    [Fact]
    public async Task A_completed_run_reports_every_stage_call_and_times_that_add_up()
    {
        using var workspace = new RunWorkspace();
        var engine = EngineContext.Open(workspace.PathOf("r.db"));
        var (run, _) = engine.Planner.CreateOrResume(new RunSettings(workspace.Data, ["bicubic", "bilinear"]));
        var clock = Stopwatch.StartNew();
        var outcome = await new RunExecutor(engine.Store, engine.Methods) { Workers = 2 }.ExecuteAsync(run.Id, "test");
        double measured = clock.Elapsed.TotalSeconds;
        Assert.Equal(RunStatus.Completed, outcome.Status);

        var report = outcome.Execution!;
        int images = workspace.ImageCount;
        Assert.Equal(images, report.Images);
        Assert.Equal(2, report.Workers);
        var calls = report.Stages.ToDictionary(s => s.Stage, s => s.Calls);
        Assert.Equal(images, calls[StageTimings.Decode]);
        Assert.Equal(images, calls[StageTimings.Degrade]);
        Assert.Equal(images, calls["bicubic"]);
        Assert.Equal(images, calls["bilinear"]);
        Assert.Equal(2 * images, calls[StageTimings.Metrics]); // once per method
        Assert.Equal(images, calls[StageTimings.Database]);

        // The phases tile the execution, which lies inside the caller's own measurement.
        Assert.All([report.SetupSeconds, report.EvaluatingSeconds, report.DrainSeconds, report.FinishSeconds], s => Assert.True(s >= 0));
        Assert.InRange(report.WallSeconds, 0, measured);
        // Workers are busy at least for the stages they ran; the writer at least for its storing.
        double workerStages = report.Stages.Where(s => s.Stage != StageTimings.Database).Sum(s => s.TotalSeconds);
        Assert.True(report.WorkerBusySeconds >= workerStages * 0.999, $"{report.WorkerBusySeconds} < {workerStages}");
        double storing = report.Stages.Single(s => s.Stage == StageTimings.Database).TotalSeconds;
        Assert.True(report.WriterBusySeconds >= storing * 0.999, $"{report.WriterBusySeconds} < {storing}");
        Assert.InRange(report.WorkerBusyFraction + report.WorkerBlockedFraction, 0, 1.001);
        Assert.InRange(report.MeanQueueDepth, 1, report.QueueCapacity);

        // Stored with the run, beside the provenance it already had.
        var provenance = JsonNode.Parse(engine.Store.FindRun(run.Id)!.Provenance!)!.AsObject();
        Assert.StartsWith("SemSrDashboard ", (string)provenance["application"]!);
        var stored = provenance[ProvenanceKeys.LastExecution]!;
        Assert.Equal(images, (int)stored["images"]!);
        Assert.Equal(images, (int)stored["stages"]!["decode"]!["calls"]!);
        Assert.Equal(Math.Round(report.WallSeconds, 3), (double)stored["wall s"]!);
    }

    [Fact]
    public async Task A_resumed_run_stores_the_report_of_its_latest_execution()
    {
        using var workspace = new RunWorkspace(copiesPerImage: 4);
        var engine = EngineContext.Open(workspace.PathOf("r.db"));
        var (run, _) = engine.Planner.CreateOrResume(new RunSettings(workspace.Data, ["bicubic", "rdn-slim-x4"]));
        using var stop = new CancellationTokenSource();
        var first = await new RunExecutor(engine.Store, engine.Methods) { Workers = 2 }.ExecuteAsync(run.Id, "test",
            progress => { if (progress.Done >= 2) stop.Cancel(); }, RunStatus.Paused, stop.Token);
        Assert.Equal(RunStatus.Paused, first.Status);
        int firstImages = first.Execution!.Images;
        Assert.InRange(firstImages, 2, workspace.ImageCount - 1);

        var second = await new RunExecutor(engine.Store, engine.Methods) { Workers = 2 }.ExecuteAsync(run.Id, "test");
        Assert.Equal(RunStatus.Completed, second.Status);
        Assert.Equal(workspace.ImageCount - firstImages, second.Execution!.Images);
        var stored = JsonNode.Parse(engine.Store.FindRun(run.Id)!.Provenance!)![ProvenanceKeys.LastExecution]!;
        Assert.Equal(workspace.ImageCount - firstImages, (int)stored["images"]!);
    }

    [Fact]
    public async Task Evaluate_verbose_prints_the_report_on_standard_error()
    {
        using var workspace = new RunWorkspace();
        var (code, output, error) = await CliProcess.RunAsync(workspace.Root, null, TimeSpan.FromMinutes(1),
            "evaluate", "--data", workspace.Data, "--methods", "bicubic,lanczos", "--db", workspace.PathOf("v.db"), "--verbose");
        Assert.True(code == 0, error);
        Assert.Equal("", output);
        Assert.Contains($"execution of run 1: {workspace.ImageCount} images in ", error);
        Assert.Contains("  workers: busy ", error);
        Assert.Matches(@$"\n  lanczos +{workspace.ImageCount} +[0-9.]+ +[0-9.]+", error);
        Assert.Matches(@$"\n  database +{workspace.ImageCount} ", error);

        var (_, _, quiet) = await CliProcess.RunAsync(workspace.Root, null, TimeSpan.FromMinutes(1),
            "evaluate", "--data", workspace.Data, "--methods", "bicubic,lanczos", "--db", workspace.PathOf("q.db"));
        Assert.DoesNotContain("execution of run", quiet);
    }

    [Fact]
    public void Fractions_and_the_provenance_entry_follow_from_the_measured_times()
    {
        var report = new RunExecutionReport(10, 2, SetupSeconds: 1, EvaluatingSeconds: 3, DrainSeconds: 1, FinishSeconds: 0.5,
            WorkerBusySeconds: 6, WorkerBlockedSeconds: 1, WriterBusySeconds: 2, WriterWaitingSeconds: 2,
            MeanQueueDepth: 1.5, QueueCapacity: 4, Stages: [("decode", 10, 0.25)]);
        Assert.Equal(5.5, report.WallSeconds);
        Assert.Equal(10 / 5.5, report.ImagesPerSecond, 12);
        Assert.Equal(0.75, report.WorkerBusyFraction, 12);   // 6 of 2 workers × 4 s in flight
        Assert.Equal(0.125, report.WorkerBlockedFraction, 12);
        Assert.Equal(0.5, report.WriterBusyFraction, 12);
        Assert.Contains("idle 12.5 %", report.Describe(7).Replace('\u00a0', ' '));
        Assert.Contains("\n  decode               10      25.0      0.25", report.Describe(7));

        string merged = Provenance.WithLastExecution("""{"application":"x","last execution":{"images":1}}""", report);
        var json = JsonNode.Parse(merged)!;
        Assert.Equal("x", (string)json["application"]!);
        Assert.Equal(10, (int)json[ProvenanceKeys.LastExecution]!["images"]!);
        Assert.Equal(10, (int)JsonNode.Parse(Provenance.WithLastExecution("not json", report))![ProvenanceKeys.LastExecution]!["images"]!);
        Assert.Equal(10, (int)JsonNode.Parse(Provenance.WithLastExecution(null, report))![ProvenanceKeys.LastExecution]!["images"]!);
    }
}

using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Tests.Runs;

namespace SemSrDashboard.Tests.Cli;

/// <summary><c>runs create</c> stores a queued run with evaluate's options and prints only its id.</summary>
[Collection(RunsCollection.Name)]
public sealed class RunsCreateTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);
    private readonly RunWorkspace _workspace = new();

    [Fact]
    public async Task It_prints_only_the_id_of_a_queued_run_that_evaluate_resume_then_completes()
    {
        string db = _workspace.PathOf("c.db");
        string subset = _workspace.PathOf("subset.txt");
        var paths = Directory.EnumerateFiles(_workspace.Data, "*.png", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(_workspace.Data, f)).Order(StringComparer.Ordinal).Take(4).ToArray();
        File.WriteAllLines(subset, paths);

        string[] create = ["runs", "create", "--data", _workspace.Data, "--methods", "bicubic,lanczos", "--metrics", "psnr",
            "--subset", subset, "--store-outputs", "none", "--db", db];
        var first = await CliProcess.RunAsync(_workspace.Root, null, Limit, create);
        Assert.True(first.ExitCode == 0, first.Error);
        Assert.Equal("1\n", first.Output);
        Assert.Equal("", first.Error);
        // Always a new run, even with the same options (evaluate would resume the unfinished one).
        Assert.Equal("2\n", (await CliProcess.RunAsync(_workspace.Root, null, Limit, create)).Output);

        var run = EngineContext.Open(db).Store.FindRun(1)!;
        Assert.Equal(RunStatus.Queued, run.Status);
        Assert.Equal(4, run.TotalImages);
        Assert.Equal("psnr,ssim,ssim_skimage", run.Metrics);

        var evaluate = await CliProcess.RunAsync(_workspace.Root, null, Limit, "evaluate", "--data", _workspace.Data, "--resume", "1", "--db", db);
        Assert.True(evaluate.ExitCode == 0, evaluate.Error);
        Assert.Equal(RunStatus.Completed, EngineContext.Open(db).Store.FindRun(1)!.Status);

        var refused = await CliProcess.RunAsync(_workspace.Root, null, Limit, "runs", "create", "--data", _workspace.PathOf("absent"), "--db", _workspace.PathOf("n.db"));
        Assert.Equal(2, refused.ExitCode);
        Assert.Contains("data folder not found", refused.Error);
        Assert.False(File.Exists(_workspace.PathOf("n.db")));
    }

    public void Dispose() => _workspace.Dispose();
}

using System.Text.RegularExpressions;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Training;
using SemSrDashboard.Services;
using SemSrDashboard.Tests.Runs;

namespace SemSrDashboard.Tests.Training;

/// <summary>The dashboard killed with SIGKILL while its fine-tuning job trains: started again, it resumes the job by
/// itself from the last checkpoint and writes exactly the model an uninterrupted job writes.</summary>
[Collection(TrainingCollection.Name)]
public sealed partial class DashboardFineTuneKillTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(4);
    private readonly TrainingWorkspace _workspace = new();

    private CliProcess Serve() => CliProcess.Start(_workspace.Folder, null,
        "serve", "--urls", "http://127.0.0.1:0", "--db", Path.Combine(_workspace.Folder, "web.db"), "--SemSr:DemoRun=false",
        $"--SemSr:DataRoots:0={_workspace.Data}", $"--SemSr:FineTuneFolder={_workspace.Out}", "--SemSr:FineTuneCheckpointMinutes=0");

    [Fact]
    public async Task Killed_with_sigkill_mid_training_the_dashboard_resumes_the_job_from_its_checkpoint_to_the_same_model()
    {
        // Enough steps that the job is still training when the test has seen a few checkpoints on a fast machine.
        const int Steps = 200;
        var settings = _workspace.Tiny("killed", steps: Steps);
        string checkpoint = Path.Combine(_workspace.Out, "killed.checkpoint");
        // The job the dashboard was training when it last stopped: it takes it up on start, as after any restart.
        new FineTuneJobFile(settings, Paused: false).Save(_workspace.Out);

        using (var first = Serve())
        {
            // A checkpoint after every step: wait until it has been replaced a few times, then kill.
            var writes = new HashSet<DateTime>();
            var deadline = DateTime.UtcNow + Limit;
            while (writes.Count < 4 && !first.HasExited && DateTime.UtcNow < deadline)
            {
                if (File.Exists(checkpoint))
                    writes.Add(File.GetLastWriteTimeUtc(checkpoint));
                await Task.Delay(5);
            }
            Assert.False(first.HasExited, first.Output + first.Error);
            Assert.True(writes.Count >= 4, first.Output + first.Error);
            first.KillHard();
        }
        Assert.True(File.Exists(checkpoint));
        Assert.Empty(Directory.GetFiles(_workspace.Out, "*.onnx"));

        string card = Path.Combine(_workspace.Out, "killed.card.json");
        using (var second = Serve())
        {
            await DatabaseProbe.WaitUntilAsync(() => second.HasExited || File.Exists(card), Limit, "the resumed job to write its model");
            Assert.False(second.HasExited, second.Output + second.Error);
            var resumedAt = ResumedAt().Match(second.Output);
            Assert.True(resumedAt.Success, second.Output);
            Assert.InRange(int.Parse(resumedAt.Groups[1].Value), 1, Steps - 1);
            second.KillHard();
        }
        Assert.False(File.Exists(checkpoint));
        Assert.Empty(Directory.GetFiles(_workspace.Out, "*" + FineTuneJobFile.Suffix));

        var uninterrupted = new FineTuneJob(_workspace.Plan(_workspace.Tiny("whole", steps: Steps, outDir: Path.Combine(_workspace.Folder, "whole")))).Run();
        Assert.Equal(uninterrupted.Card!.Sha256, ModelCard.Load(card).Sha256);
    }

    [GeneratedRegex(@"Fine-tuning resumed from the checkpoint at step (\d+)")]
    private static partial Regex ResumedAt();

    public void Dispose() => _workspace.Dispose();
}

using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Services;

namespace SemSrDashboard.Tests.Runs;

/// <summary>Progress reaches the command line's output and the dashboard's subscribers.</summary>
[Collection(RunsCollection.Name)]
public sealed partial class ProgressReportingTests
{
    [GeneratedRegex(@"^progress: (\d+)/(\d+) images \((\d+) %\), (\d+) failed")]
    private static partial Regex ProgressLine();

    [Fact]
    public async Task Evaluate_WithRedirectedOutput_PrintsPlainProgressLinesEndingAtTheTotal()
    {
        using var workspace = new RunWorkspace();
        var (code, output, error) = await CliProcess.RunAsync(workspace.Root, null, TimeSpan.FromMinutes(1),
            "evaluate", "--data", workspace.Data, "--methods", "bicubic,bilinear", "--db", workspace.PathOf("r.db"));
        Assert.True(code == 0, $"exit {code}\n{output}\n{error}");

        var lines = error.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.StartsWith("progress: ", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(lines);
        var parsed = lines.Select(l => ProgressLine().Match(l)).ToList();
        Assert.All(parsed, m => Assert.True(m.Success, m.Value));
        var done = parsed.Select(m => int.Parse(m.Groups[1].Value)).ToList();
        Assert.All(parsed, m => Assert.Equal(workspace.ImageCount, int.Parse(m.Groups[2].Value)));
        Assert.Equal(done.Order(), done); // never goes backwards
        Assert.StartsWith($"progress: {workspace.ImageCount}/{workspace.ImageCount} images (100 %), 0 failed", lines[^1]);
        Assert.Single(lines, l => l.Contains($" {workspace.ImageCount}/{workspace.ImageCount} images", StringComparison.Ordinal));
        Assert.Contains("Run 1 completed", error);
        Assert.Equal("", output); // progress and messages go to standard error; standard output is for data
    }

    [Fact]
    public async Task Broadcaster_DuringARun_CallsSubscriberThrottledWithProgressAndNeverAfterDispose()
    {
        // A real model makes the run last seconds (interpolations alone finish in a fraction of one).
        using var workspace = new RunWorkspace(copiesPerImage: 16);
        var engine = EngineContext.Open(workspace.PathOf("b.db"));
        var (run, _) = engine.Planner.CreateOrResume(new RunSettings(workspace.Data, ["bicubic", "rdn-slim-x4"]));
        var broadcaster = new ProgressBroadcaster(NullLogger<ProgressBroadcaster>.Instance);

        var calls = new List<(long Timestamp, int Done)>();
        using var subscription = broadcaster.Subscribe(() =>
        {
            long now = Stopwatch.GetTimestamp();
            lock (calls)
                calls.Add((now, broadcaster.Latest(run.Id)?.Done ?? -1));
            return Task.CompletedTask;
        });

        var executor = new RunExecutor(engine.Store, engine.Methods) { Workers = 2 };
        var outcome = await executor.ExecuteAsync(run.Id, EngineContext.NewOwnerId("test"), broadcaster.Publish);
        Assert.Equal(RunStatus.Completed, outcome.Status);
        await Task.Delay(ProgressBroadcaster.MinimumInterval * 3); // let the merged last change arrive

        List<(long Timestamp, int Done)> seen;
        lock (calls)
            seen = [.. calls];
        Assert.True(seen.Count >= 3, $"only {seen.Count} calls during a run of {workspace.ImageCount} images");
        Assert.Contains(seen, c => c.Done > 0 && c.Done < workspace.ImageCount); // updates while the run goes on
        Assert.Equal(workspace.ImageCount, seen[^1].Done); // and the last state
        Assert.Equal(workspace.ImageCount, broadcaster.Latest(run.Id)!.Done);
        // No bursts: calls are spaced by the minimum interval. The subscriber reads its clock after the broadcaster
        // stamps the call, and on a loaded machine that reading can lag by many milliseconds, so two readings may fall
        // short of the interval by that lag; half the interval is allowed (a burst would be ~0 ms apart).
        for (int i = 1; i < seen.Count; i++)
        {
            var gap = Stopwatch.GetElapsedTime(seen[i - 1].Timestamp, seen[i].Timestamp);
            Assert.True(gap >= ProgressBroadcaster.MinimumInterval / 2, $"calls {i - 1} and {i} only {gap.TotalMilliseconds:0.0} ms apart");
        }

        // A change waiting for its throttle slot at Dispose, and changes published after it, never arrive.
        var latest = broadcaster.Latest(run.Id)!;
        int before = seen.Count;
        broadcaster.Publish(latest); // delivered at once: the previous call is long past
        await DatabaseProbe.WaitUntilAsync(() => { lock (calls) return calls.Count > before; }, TimeSpan.FromSeconds(10), "a call");
        broadcaster.Publish(latest); // waits for the interval…
        subscription.Dispose();      // …and is dropped
        int atDispose;
        lock (calls)
            atDispose = calls.Count;
        for (int i = 0; i < 5; i++)
            broadcaster.Publish(latest);
        await Task.Delay(ProgressBroadcaster.MinimumInterval * 3);
        lock (calls)
            Assert.Equal(atDispose, calls.Count);
    }
}

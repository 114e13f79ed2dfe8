using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Runs;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Tests.Bench;

/// <summary>The scratch database is closed when a measurement ends (it now also runs inside the dashboard, for
/// every estimate). Alone, so that no other test's measurement is open meanwhile.</summary>
[Collection(NonParallelCollection.Name)]
public sealed class BenchScratchTests
{
    [Fact]
    public async Task No_handle_to_the_scratch_database_is_left_open()
    {
        await PipelineBenchmark.MeasureAsync(new RunSettings(RepositoryPaths.DemoData, ["bicubic"]), new MethodCatalog(), sampleImages: 2,
            workers: 2);

        // Linux lists the process's open files, deleted ones too, under /proc/self/fd.
        var open = Directory.GetFiles("/proc/self/fd")
            .Select(fd => { try { return new FileInfo(fd).LinkTarget ?? ""; } catch (IOException) { return ""; } })
            .Where(target => target.Contains("semsr-bench-", StringComparison.Ordinal))
            .ToList();
        Assert.True(open.Count == 0, "still open: " + string.Join(", ", open));
    }
}

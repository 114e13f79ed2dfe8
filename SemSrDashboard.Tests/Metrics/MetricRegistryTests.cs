using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Evaluation;
using SemSrDashboard.Engine.Export;
using SemSrDashboard.Engine.Metrics;
using SemSrDashboard.Engine.Statistics;
using SemSrDashboard.Engine.Storage;

namespace SemSrDashboard.Tests.Metrics;

/// <summary>The registry is the one list every part of the product enumerates: it must be complete and consistent.</summary>
public sealed class MetricRegistryTests
{
    /// <summary>A result whose every metric column holds a different value, to see which column each metric reads.</summary>
    private static StoredResult Distinct() => new()
    {
        Method = "m", Status = ResultStatus.Ok,
        Psnr = 1, Ssim = 2, SsimSkimage = 3, MsSsim = 4, Gmsd = 5, LrPsnr = 6, DetailCorr = 7, DetailRatio = 8,
    };

    [Fact]
    public void EveryMetricOfTheContractIsRegisteredOnceInColumnOrder()
    {
        Assert.Equal(["psnr", "ssim", "ssim_skimage", "ms_ssim", "gmsd", "lr_psnr", "detail_corr", "detail_ratio"], MetricRegistry.AllIds);
        Assert.Equal(["psnr", "ssim", "ssim_skimage"], MetricRegistry.CoreIds);
        Assert.Equal(["ms_ssim", "gmsd", "lr_psnr", "detail_corr", "detail_ratio"], MetricRegistry.FidelityIds);
        Assert.Equal(MetricRegistry.AllIds.Count, MetricRegistry.AllIds.Distinct().Count());
    }

    [Fact]
    public void EachMetricReadsItsOwnStoredColumn()
    {
        var result = Distinct();
        Assert.Equal([1.0, 2, 3, 4, 5, 6, 7, 8], MetricRegistry.All.Select(m => m.Read(result)!.Value));
        Assert.All(MetricRegistry.AllIds, id => Assert.Equal(MetricRegistry.Get(id).Read(result), RunComparison.Value(result, id)));
    }

    [Fact]
    public void EveryMetricIsDocumented()
    {
        foreach (var metric in MetricRegistry.All)
        {
            Assert.False(string.IsNullOrWhiteSpace(metric.DisplayName), metric.Id);
            Assert.True(metric.Convention.Length > 40, $"{metric.Id}: convention too short");
            Assert.False(string.IsNullOrWhiteSpace(metric.Question), metric.Id);
            Assert.InRange(metric.Decimals, 1, 6);
        }
        Assert.Equal(["psnr", "lr_psnr"], MetricRegistry.All.Where(m => m.Unit == "dB").Select(m => m.Id));
        Assert.Equal(["gmsd"], MetricRegistry.All.Where(m => m.Direction == MetricDirection.LowerIsBetter).Select(m => m.Id));
        Assert.Equal(["detail_ratio"], MetricRegistry.All.Where(m => m.Direction == MetricDirection.Neutral).Select(m => m.Id));
    }

    [Fact]
    public void TheLongCsvAppendsTheFidelityColumnsAfterTheEarlierOnes()
    {
        Assert.Equal(["category", "file", "width", "height", "method", "psnr", "ssim", "ssim_skimage", "status", "error", "info_bar_rows"],
            LongCsvWriter.Columns.Take(11));
        Assert.Equal(MetricRegistry.FidelityIds, LongCsvWriter.Columns.Skip(11));
    }

    [Fact]
    public void ImprovementFollowsTheDirection()
    {
        var psnr = MetricRegistry.Get("psnr");
        var gmsd = MetricRegistry.Get("gmsd");
        Assert.True(psnr.IsImprovement(0.5));
        Assert.False(psnr.IsImprovement(-0.5));
        Assert.False(gmsd.IsImprovement(0.01));
        Assert.True(gmsd.IsImprovement(-0.01));
        Assert.Null(gmsd.IsImprovement(0));
        Assert.Null(psnr.IsImprovement(double.NaN));
        // detail_ratio has no better end: more detail is good only while detail_corr says it is the specimen's.
        Assert.Null(MetricRegistry.Get("detail_ratio").IsImprovement(0.5));
        Assert.Null(MetricRegistry.Get("detail_ratio").IsImprovement(-0.5));
    }

    [Fact]
    public void AChoiceAlwaysKeepsTheCoreMetricsAndRegistryOrder()
    {
        Assert.Equal(MetricRegistry.AllIds, MetricRegistry.Choose(null));
        Assert.Equal(MetricRegistry.AllIds, MetricRegistry.Choose([]));
        Assert.Equal(["psnr", "ssim", "ssim_skimage", "gmsd", "detail_ratio"], MetricRegistry.Choose(["detail_ratio", " gmsd", "gmsd"]));
        Assert.Equal(MetricRegistry.CoreIds, MetricRegistry.Choose(["psnr"]));
        var e = Assert.Throws<ArgumentException>(() => MetricRegistry.Choose(["gmsd", "lpips"]));
        Assert.Contains("unknown metric 'lpips'", e.Message);
        Assert.Contains("ms_ssim", e.Message);
    }

    [Fact]
    public void ARunStoredBeforeMetricsCouldBeChosenHasTheCoreMetrics()
    {
        Assert.Equal(MetricRegistry.CoreIds, MetricRegistry.ParseStored(null));
        Assert.Equal(MetricRegistry.CoreIds, MetricRegistry.ParseStored(""));
        Assert.Equal(MetricRegistry.CoreIds, new RunRecord { DataRoot = "/d", Methods = "bicubic", Protocol = "standard", InfoBar = "auto",
            Device = "auto", Fingerprint = "f", Status = "completed" }.Metrics.Split(','));
    }

    [Fact]
    public void TheFingerprintOfACoreOnlyRunIsUnchangedAndAChosenListChangesIt()
    {
        var core = new RunSettings("/d", ["bicubic"], Metrics: MetricRegistry.CoreIds);
        Assert.Equal("/d|bicubic|4|standard|auto|all", core.Fingerprint);
        var all = new RunSettings("/d", ["bicubic"]);
        Assert.Equal("/d|bicubic|4|standard|auto|all|metrics=" + string.Join(',', MetricRegistry.AllIds), all.Fingerprint);
        Assert.NotEqual(all.Fingerprint, (all with { Metrics = MetricRegistry.Choose(["gmsd"]) }).Fingerprint);
    }

    [Fact]
    public void StoringASubsetLeavesTheOtherFidelityColumnsEmptyAndNotesEveryNan()
    {
        var measured = new MethodScore { Method = "m", Status = ResultStatus.Ok };
        var result = FidelityResults.With(measured, new FidelitySet(double.NaN, 0.25, 40, 0.5, 0.75),
            MetricRegistry.Of(["ms_ssim", "gmsd", "detail_ratio"]));

        Assert.True(double.IsNaN(result.MsSsim!.Value));
        Assert.Equal(0.25, result.Gmsd);
        Assert.Null(result.LrPsnr);
        Assert.Null(result.DetailCorr);
        Assert.Equal(0.75, result.DetailRatio);
        Assert.Equal("ms_ssim is nan: " + MetricRegistry.Get("ms_ssim").NanRule, result.Note);

        var small = FidelityResults.With(measured, new FidelitySet(double.NaN, 0.25, 40, double.NaN, 0.75), MetricRegistry.Of(MetricRegistry.FidelityIds),
            ["ms_ssim: 64×48 is too small (five scales need both sides ≥ 176 pixels)"]);
        Assert.Equal("ms_ssim: 64×48 is too small (five scales need both sides ≥ 176 pixels); detail_corr is nan: "
            + MetricRegistry.Get("detail_corr").NanRule, small.Note);

        var clean = FidelityResults.With(measured, new FidelitySet(0.9, 0.1, 40, 0.5, 0.75), MetricRegistry.Of(MetricRegistry.FidelityIds));
        Assert.Null(clean.Note);
        var stored = new StoredResult
        {
            Method = clean.Method, Status = clean.Status, MsSsim = clean.MsSsim, Gmsd = clean.Gmsd, LrPsnr = clean.LrPsnr,
            DetailCorr = clean.DetailCorr, DetailRatio = clean.DetailRatio,
        };
        Assert.Equal([0.9, 0.1, 40, 0.5, 0.75], MetricRegistry.Of(MetricRegistry.FidelityIds).Select(m => m.Read(stored)!.Value));
    }
}

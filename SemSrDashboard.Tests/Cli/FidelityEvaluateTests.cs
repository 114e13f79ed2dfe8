using System.Globalization;
using OpenCvSharp;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Evaluation;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;
using SemSrDashboard.Engine.Statistics;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Tests.Cli;

/// <summary>The fidelity metrics through <c>evaluate</c>: stored and exported values are the kernels' own on the
/// very outputs the run produced; <c>--metrics</c> subsets, unknown ids and the seed protocol.</summary>
public sealed class FidelityEvaluateTests : IDisposable
{
    private const string Model = "rdn-slim-x4";
    private static readonly string[] Fidelity = ["ms_ssim", "gmsd", "lr_psnr", "detail_corr", "detail_ratio"];
    private readonly CliSandbox _box = new();

    public void Dispose() => _box.Dispose();

    private void CopySamples()
    {
        _box.CopyDemo("Biological/lung__CS_Bottom_of_Insert_DC_02052021_5KV_1000_ETD-HV_5_14.png");
        _box.CopyDemo("Nanowires/deepsem__130nm_21_cropped.png");
    }

    /// <summary>A 64×48 flat image: too small for MS-SSIM's five scales, no detail for detail_corr/ratio.</summary>
    private void WriteSmallFlatImage()
    {
        var flat = new GrayImage(64, 48);
        Array.Fill(flat.Pixels, (byte)120);
        using var mat = ImageLoader.ToMat(flat);
        Cv2.ImEncode(".png", mat, out byte[] png);
        _box.WriteData("Flat/small.png", png);
    }

    private static double Parse(string field) => field switch
    {
        "nan" => double.NaN,
        "inf" => double.PositiveInfinity,
        _ => double.Parse(field, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    [Fact]
    public async Task StoredAndExportedValuesAreTheKernelsOnTheRunsOwnOutputs()
    {
        CopySamples();
        WriteSmallFlatImage();
        string csv = _box.PathIn("all.csv");

        var result = await _box.Run("evaluate", "--data", _box.Data, "--db", _box.Database, "--methods", $"bicubic,{Model}",
            "--info-bar", "none", "--device", "cpu", "--csv", csv);

        Assert.True(result.Code == 0, result.ToString());
        var engine = _box.OpenEngine();
        var run = engine.Store.ListRuns().Single();
        Assert.Equal(string.Join(',', MetricRegistry.AllIds), run.Metrics);
        var settings = StoredRunSettings.From(run);
        var outputs = OutputStore.For(engine.Database);
        var rows = Csv.Records(csv);
        Assert.Equal(6, rows.Count);
        foreach (var (image, stored) in engine.Store.Results(run.Id))
        {
            Assert.Equal(ResultStatus.Ok, stored.Status);
            // Recompute independently of the run: the same preparation, the output the method produced (the stored
            // lossless PNG of the model; bicubic again from the LR image), then the kernels.
            var prepared = new ImageEvaluator(settings, []).Prepare(new StoredImage { Category = image.Category, RelativePath = image.RelativePath },
                Path.Combine(_box.Data, image.RelativePath));
            var output = stored.Method == Model
                ? ImageLoader.Decode(outputs.Load(run.Id, image.Id, Model)!).Image
                : new InterpolationUpsampler(MethodIds.Bicubic).Upsample(prepared.LowResolution, 4);
            var expected = FidelityMetrics.Compute(prepared.Reference, output, prepared.LowResolution, 4);

            var row = rows.Single(r => r["file"] == image.RelativePath && r["method"] == stored.Method);
            foreach (string id in Fidelity)
            {
                double want = FidelityResults.ValueOf(expected, id);
                Assert.Equal(want, MetricRegistry.Get(id).Read(stored));
                Assert.Equal(want, Parse(row[id]));
            }
            if (image.Category == "Flat")
            {
                Assert.True(double.IsNaN(stored.MsSsim!.Value));
                Assert.True(double.IsNaN(stored.DetailCorr!.Value));
                Assert.True(double.IsNaN(stored.DetailRatio!.Value));
                Assert.Equal(("nan", "nan", "nan"), (row["ms_ssim"], row["detail_corr"], row["detail_ratio"]));
                Assert.Contains("ms_ssim: 64×48 is too small", stored.Note);
                Assert.Contains("detail_ratio is nan: " + MetricRegistry.Get("detail_ratio").NanRule, stored.Note);
            }
            else
            {
                Assert.All(Fidelity, id => Assert.True(double.IsFinite(MetricRegistry.Get(id).Read(stored)!.Value), id));
                Assert.Null(stored.Note);
                Assert.InRange(stored.MsSsim!.Value, 0.3, 1);
                Assert.InRange(stored.DetailCorr!.Value, -1, 1);
            }
        }

        // The statistics cover every computed metric, with diff_mean = model − baseline whatever the direction.
        var summary = RunComparison.SummarizeAll(run, engine.Store.Results(run.Id));
        Assert.Equal(MetricRegistry.AllIds, summary.Select(r => r.Metric).Distinct());
        var pairs = RunComparison.Pairs(engine.Store.Results(run.Id), Model, "gmsd");
        var gmsdAll = summary.Single(r => r.Metric == "gmsd" && r.Category == CategorySummarizer.AllCategory);
        Assert.Equal(pairs.Average(p => p.ModelValue - p.BaselineValue), gmsdAll.DiffMean, 12);
    }

    [Fact]
    public async Task ASubsetLeavesTheOtherFidelityColumnsEmptyAndIsStoredWithTheRun()
    {
        CopySamples();
        string csv = _box.PathIn("subset.csv");

        var result = await _box.Run("evaluate", "--data", _box.Data, "--db", _box.Database, "--methods", "bicubic,bilinear",
            "--info-bar", "none", "--metrics", "detail_corr,gmsd", "--csv", csv);

        Assert.True(result.Code == 0, result.ToString());
        Assert.Equal("psnr,ssim,ssim_skimage,gmsd,detail_corr", _box.OpenEngine().Store.ListRuns().Single().Metrics);
        var rows = Csv.Records(csv);
        Assert.Equal(4, rows.Count);
        foreach (var row in rows)
        {
            Assert.NotEqual("", row["psnr"]);
            Assert.True(double.IsFinite(Parse(row["gmsd"])));
            Assert.True(double.IsFinite(Parse(row["detail_corr"])));
            Assert.Equal(("", "", ""), (row["ms_ssim"], row["lr_psnr"], row["detail_ratio"]));
        }
    }

    [Fact]
    public async Task AnUnknownMetricIsRefusedWithTheKnownOnesAndWritesNothing()
    {
        CopySamples();

        var result = await _box.Run("evaluate", "--data", _box.Data, "--db", _box.Database, "--metrics", "gmsd,lpips");

        Assert.True(result.Code == 2, result.ToString());
        Assert.StartsWith("error: unknown metric 'lpips' (known: psnr, ssim, ssim_skimage, ms_ssim, gmsd, lr_psnr, detail_corr, detail_ratio)",
            result.Error);
        Assert.False(_box.DatabaseWritten);
    }

    [Fact]
    public async Task TheSeedProtocolLeavesTheFidelityColumnsEmpty()
    {
        CopySamples();
        string csv = _box.PathIn("seed.csv");

        var result = await _box.Run("evaluate", "--data", _box.Data, "--db", _box.Database, "--protocol", "seed", "--methods", "bicubic", "--csv", csv);

        Assert.True(result.Code == 0, result.ToString());
        Assert.Equal("psnr,ssim,ssim_skimage", _box.OpenEngine().Store.ListRuns().Single().Metrics);
        var rows = Csv.Records(csv);
        Assert.Equal(2, rows.Count);
        Assert.All(rows, row => Assert.All(Fidelity, id => Assert.Equal("", row[id])));
        Assert.All(rows, row => Assert.NotEqual("", row["psnr"]));
    }
}

using BenchmarkDotNet.Attributes;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;

namespace SemSrDashboard.Benchmarks;

/// <summary>The five fidelity metrics on the 1024×768 pair of <see cref="BenchmarkPair"/> (scale 4; the
/// low-resolution input is the reference shrunk by INTER_AREA, as a run makes it). Each pair runs on one thread, as
/// in a run, whose workers already keep every core busy with their own pairs.</summary>
/// <remarks>A short job is enough (a few minutes in all): <c>dotnet run -c Release --project
/// bench/SemSrDashboard.Benchmarks -- --filter '*FidelityBenchmarks*' --job short</c>.</remarks>
[MemoryDiagnoser, MedianColumn]
public class FidelityBenchmarks
{
    private const int Scale = 4;
    private GrayImage _original = null!, _output = null!, _lrInput = null!;
    private FidelityReference _reference = null!;
    private double _scaleOneContrastStructure;

    [GlobalSetup]
    public void Setup()
    {
        (_original, _output) = BenchmarkPair.Load();
        _lrInput = Degrader.Downscale(_original, Scale);
        _reference = new FidelityReference(_original, Scale);
        _scaleOneContrastStructure = ImageMetrics.Compute(_original, _output, parallel: false).SsimContrastStructure;
    }

    /// <summary>What a run computes for each method's output beside PSNR and SSIM: the original's share is done once
    /// per image, MS-SSIM's first-scale cs comes from the ssim pass.</summary>
    [Benchmark(Description = "fidelity set, prepared original, cs_1 from the ssim pass (per method)")]
    public FidelitySet FidelitySetPrepared() =>
        FidelityMetrics.Compute(_reference, _output, _lrInput, _scaleOneContrastStructure);

    /// <summary>Everything a run measures for one method's output: PSNR, both SSIMs and the five fidelity metrics.</summary>
    [Benchmark(Description = "PSNR + SSIM + fidelity set, one thread (per method)")]
    public FidelitySet EverythingOneThread()
    {
        var core = ImageMetrics.Compute(_original, _output, parallel: false);
        return FidelityMetrics.Compute(_reference, _output, _lrInput, core.SsimContrastStructure);
    }

    [Benchmark(Description = "PSNR + SSIM alone, one thread")]
    public MetricSet CoreOneThread() => ImageMetrics.Compute(_original, _output, parallel: false);

    [Benchmark(Description = "fidelity set, prepared original, cs_1 computed here")]
    public FidelitySet AllFivePrepared() => FidelityMetrics.Compute(_reference, _output, _lrInput);

    [Benchmark(Description = "all five, one call (original prepared inside)")]
    public FidelitySet AllFive() => FidelityMetrics.Compute(_original, _output, _lrInput, Scale);

    [Benchmark(Description = "prepare the original (once per image)")]
    public FidelityReference Prepare() => new(_original, Scale);

    [Benchmark]
    public double MsSsimAlone() => MsSsim.Compute(_original, _output);

    [Benchmark]
    public double GmsdAlone() => Gmsd.Compute(_original, _output);

    [Benchmark]
    public double LrPsnrAlone() => LrPsnr.Compute(_output, _lrInput, Scale);

    [Benchmark(Description = "detail_corr + detail_ratio (both from one pair of transforms)")]
    public DetailBandSums DetailBandAlone() => DetailCorrelation.DetailBandSumsOf(_original, _output, Scale);
}

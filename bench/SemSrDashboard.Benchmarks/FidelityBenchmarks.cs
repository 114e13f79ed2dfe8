using BenchmarkDotNet.Attributes;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;

namespace SemSrDashboard.Benchmarks;

/// <summary>The five fidelity metrics on the 1024×768 pair of <see cref="BenchmarkPair"/> (scale 4; the
/// low-resolution input is the reference shrunk by INTER_AREA, as a run makes it).</summary>
[MemoryDiagnoser, MedianColumn]
public class FidelityBenchmarks
{
    private const int Scale = 4;
    private GrayImage _original = null!, _output = null!, _lrInput = null!;
    private FidelityReference _reference = null!;

    [GlobalSetup]
    public void Setup()
    {
        (_original, _output) = BenchmarkPair.Load();
        _lrInput = Degrader.Downscale(_original, Scale);
        _reference = new FidelityReference(_original, Scale);
    }

    /// <summary>What a run computes for each method's output: the original's share is done once per image.</summary>
    [Benchmark(Description = "all five, prepared original (per method)")]
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

using BenchmarkDotNet.Attributes;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;

namespace SemSrDashboard.Benchmarks;

/// <summary>PSNR and both SSIMs on one 1024×768 pair (compare with bench/skimage_metrics.py).</summary>
[MemoryDiagnoser, MedianColumn]
public class MetricBenchmarks
{
    private GrayImage _reference = null!, _test = null!;

    [GlobalSetup]
    public void Setup() => (_reference, _test) = BenchmarkPair.Load();

    [Benchmark]
    public double Psnr() => Engine.Metrics.Psnr.Compute(_reference, _test);

    [Benchmark]
    public double SsimGaussian() => Ssim.Compute(_reference, _test);

    [Benchmark]
    public double SsimSkimageDefault() => SsimSkimage.Compute(_reference, _test);

    [Benchmark(Description = "PSNR + both SSIMs, three calls")]
    public double AllThree() => Engine.Metrics.Psnr.Compute(_reference, _test) + Ssim.Compute(_reference, _test) + SsimSkimage.Compute(_reference, _test);

    /// <summary>What the run pipeline calls for each method's output.</summary>
    [Benchmark(Description = "PSNR + both SSIMs, one pass (ImageMetrics)")]
    public double OnePass() => ImageMetrics.Compute(_reference, _test).Ssim;
}

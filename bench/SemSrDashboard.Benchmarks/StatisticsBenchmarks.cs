using BenchmarkDotNet.Attributes;
using SemSrDashboard.Engine.Statistics;

namespace SemSrDashboard.Benchmarks;

/// <summary>The statistics a run page shows for 20,000 images × 3 methods: per category (10) and ALL, for the
/// model against bicubic, on all three metrics.</summary>
[MemoryDiagnoser, MedianColumn]
public class StatisticsBenchmarks
{
    private readonly Dictionary<string, List<MetricPair>> _pairs = [];

    [GlobalSetup]
    public void Setup()
    {
        var random = new Random(20_000);
        foreach (string metric in new[] { "psnr", "ssim", "ssim_skimage" })
        {
            var list = new List<MetricPair>(20_000);
            for (int i = 0; i < 20_000; i++)
            {
                double baseline = metric == "psnr" ? 20 + 10 * random.NextDouble() : 0.5 + 0.4 * random.NextDouble();
                double gain = (metric == "psnr" ? 0.3 : 0.01) * (random.NextDouble() - 0.3);
                list.Add(new MetricPair($"category{i % 10}", $"image{i}", baseline, baseline + gain));
            }
            _pairs[metric] = list;
        }
    }

    [Benchmark(Description = "20,000 images × 3 metrics, 10 categories + ALL")]
    public int Summarize() =>
        _pairs.Sum(p => CategorySummarizer.Summarize("1", "model", "bicubic", p.Key, p.Value).Count);
}

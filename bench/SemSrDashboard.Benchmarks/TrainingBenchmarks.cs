using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Training;
using SemSrDashboard.Engine.Upsampling;
using static TorchSharp.torch;

namespace SemSrDashboard.Benchmarks;

/// <summary>One fine-tuning step (forward, L1 loss, backward, Adam) at the default batch (8 patches of 48×48
/// low-resolution pixels) drawn from the demo images with seed 1; patches per second = 8 / the step's time. The batch
/// is also written to <c>bench/training-batches/&lt;model&gt;.batch</c> for <c>tools/training/torch_throughput.py</c>,
/// which times Debian's PyTorch on the same network and patches.</summary>
[Config(typeof(StepConfig))]
[MedianColumn]
public class TrainingBenchmarks
{
    private OnnxTorchNetwork _network = null!;
    private FineTuneTrainer _trainer = null!;
    private PatchBatch _batch = null!;

    [Params("rdn-slim-x4", "rdn-medium-x4")]
    public string Model { get; set; } = "rdn-slim-x4";

    [GlobalSetup]
    public void Setup()
    {
        string root = BenchmarkPair.RepositoryRoot();
        var registry = ModelRegistry.Scan([Path.Combine(root, "models")]);
        var settings = new FineTuneSettings(Model, Path.Combine(root, "demo-data"), "throughput",
            OutDir: Path.Combine(Path.GetTempPath(), "semsr-training-bench"));
        var plan = FineTunePlanner.Plan(settings, registry, FileImageDecoder.Instance);
        var card = plan.Base.Card;
        _batch = new PatchSampler(plan.TrainImages, new GrayModelInput(card), settings.Patch, card.Scale)
            .Sample(new TrainingRandom(settings.Seed), settings.Batch);
        WriteBatch(Path.Combine(root, "bench", "training-batches", Model + ".batch"), _batch);
        _network = OnnxTorchTranslator.Translate(File.ReadAllBytes(plan.Base.OnnxPath), TorchRuntime.Device);
        _trainer = new FineTuneTrainer(_network, card, settings.LearningRate, TorchRuntime.Device);
        Console.WriteLine($"// {Model}: {get_num_threads()} LibTorch threads, first loss {_trainer.Step(_batch):0.######} grey levels");
    }

    [Benchmark(Description = "one training step, batch 8 × 48²")]
    public double Step() => _trainer.Step(_batch);

    [GlobalCleanup]
    public void Cleanup()
    {
        _trainer.Dispose();
        _network.Dispose();
    }

    /// <summary>Steps of seconds: a few measured steps after one warm-up, in this process (no generated project to
    /// build, whose build can outlast BenchmarkDotNet's timeout on a busy machine).</summary>
    private sealed class StepConfig : ManualConfig
    {
        public StepConfig() => AddJob(Job.Default.WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1)
            .WithIterationCount(7).WithToolchain(InProcessEmitToolchain.Instance));
    }

    /// <summary>int32 count, channels, patch, scale; then the input and target float32 arrays (little-endian).</summary>
    private static void WriteBatch(string path, PatchBatch batch)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        using var writer = new BinaryWriter(File.Create(path));
        foreach (int value in new[] { batch.Count, batch.Channels, batch.Patch, batch.Scale })
            writer.Write(value);
        foreach (float value in batch.Input)
            writer.Write(value);
        foreach (float value in batch.Target)
            writer.Write(value);
    }
}

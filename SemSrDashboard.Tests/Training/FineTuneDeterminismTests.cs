using SemSrDashboard.Engine.Training;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SemSrDashboard.Tests.Training;

/// <summary>The same seed, data and settings on the same machine give the same weights, measured for every bundled
/// network at the default patch (48) and batch (8), where LibTorch spreads each convolution over all cores: the
/// largest difference of any weight between two runs is the tolerance asserted (measured 0 on a 2-core VM, see
/// docs/training.md).</summary>
[Collection(TrainingCollection.Name)]
public sealed class FineTuneDeterminismTests(ITestOutputHelper output) : IDisposable
{
    /// <summary>The tolerance measured: bit-identical weights.</summary>
    private const double Tolerance = 0;

    private readonly TrainingWorkspace _workspace = new();

    [Theory]
    [InlineData("rdn-slim-x4")]
    [InlineData("rdn-medium-x4")]
    [InlineData("rrdn-thick-x4")]
    public void Two_runs_with_the_default_patch_and_batch_give_the_same_weights(string baseId)
    {
        FineTuneSettings Settings(string id) => new(baseId, _workspace.Data, id, Steps: 3, OutDir: Path.Combine(_workspace.Folder, id));
        var first = new FineTuneJob(_workspace.Plan(Settings("first"))).Run();
        var second = new FineTuneJob(_workspace.Plan(Settings("second"))).Run();

        double largest = TrainedWeights.LargestDifference(first.OnnxPath!, second.OnnxPath!);
        output.WriteLine($"{baseId}: largest weight difference {largest:G6} after 3 steps of batch 8, patch 48 " +
                         $"({Environment.ProcessorCount} cores, {get_num_threads()} LibTorch threads)");
        Assert.True(largest <= Tolerance, $"{baseId}: largest weight difference {largest:G6}");
        Assert.Equal(first.FinalLoss, second.FinalLoss);
        // The steps did change the weights: the comparison is not between two copies of the base model.
        Assert.True(TrainedWeights.LargestDifference(first.OnnxPath!, _workspace.Plan(Settings("base")).Base.OnnxPath) > 0);
    }

    public void Dispose() => _workspace.Dispose();
}

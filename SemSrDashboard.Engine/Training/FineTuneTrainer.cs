using SemSrDashboard.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SemSrDashboard.Engine.Training;

/// <summary>One optimiser step at a time on a translated network: L1 loss in grey levels, Adam.</summary>
/// <remarks>The loss is the mean absolute difference, over every output channel and pixel, between the network's
/// output mapped to grey levels (<see cref="ModelCard.ToGray"/>, unclipped) and the high-resolution patch in grey
/// levels 0–255; so it reads the same for networks whose output range is [0, 1] or [0, 255], and Adam, being
/// invariant to the scale of the loss, takes the same steps either way.</remarks>
public sealed class FineTuneTrainer : IDisposable
{
    private readonly OnnxTorchNetwork _network;
    private readonly TorchSharp.Modules.Adam _optimizer;
    private readonly Device _device;
    private readonly double _outputLow;
    private readonly double _greyPerUnit;

    public FineTuneTrainer(OnnxTorchNetwork network, ModelCard card, double learningRate, Device device)
    {
        _network = network;
        _device = device;
        _outputLow = card.OutputRange[0];
        _greyPerUnit = 255.0 / (card.OutputRange[1] - card.OutputRange[0]);
        _optimizer = optim.Adam(network.parameters(), lr: learningRate);
        network.train();
    }

    /// <summary>Takes one step on <paramref name="batch"/>; returns the loss before the step, in grey levels.</summary>
    public double Step(PatchBatch batch)
    {
        using var scope = NewDisposeScope();
        var input = tensor(batch.Input, [batch.Count, batch.Channels, batch.Patch, batch.Patch], ScalarType.Float32, _device);
        var target = tensor(batch.Target, [batch.Count, 1, batch.TargetSide, batch.TargetSide], ScalarType.Float32, _device);
        _optimizer.zero_grad();
        var output = _network.forward(input);
        var loss = ((output - _outputLow) * _greyPerUnit - target).abs().mean();
        loss.backward();
        _optimizer.step();
        return loss.item<float>();
    }

    /// <summary>Writes the parameters and the optimiser's state.</summary>
    public void Save(BinaryWriter writer)
    {
        foreach (var (_, parameter) in _network.Trainable)
            parameter.Save(writer);
        _optimizer.save_state_dict(writer);
    }

    /// <summary>Restores what <see cref="Save"/> wrote (for the same network).</summary>
    public void Load(BinaryReader reader)
    {
        foreach (var (_, parameter) in _network.Trainable)
            parameter.Load(reader);
        _optimizer.load_state_dict(reader);
    }

    public void Dispose() => _optimizer.Dispose();
}

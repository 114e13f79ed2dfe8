using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace SemSrDashboard.Engine.Models;

/// <summary>One ONNX Runtime session on one model with one image input and one image output (float32
/// [1, C, H, W]), and the provider it runs on. Created once per model and reused for every tile.</summary>
public sealed class OnnxModelSession : IDisposable
{
    private readonly InferenceSession _session;
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public OnnxModelSession(InferenceSession session, string provider, string modelPath)
    {
        _session = session;
        Provider = provider;
        ModelPath = modelPath;
        if (session.InputMetadata.Count != 1 || session.OutputMetadata.Count != 1)
            throw new InvalidDataException(
                $"{Path.GetFileName(modelPath)}: expected one input and one output, found {session.InputMetadata.Count} and {session.OutputMetadata.Count}");
        InputName = session.InputMetadata.Keys.Single();
        OutputName = session.OutputMetadata.Keys.Single();
        _inputNames = [InputName];
        _outputNames = [OutputName];
    }

    /// <summary><c>CPU</c> or <c>CUDA</c>.</summary>
    public string Provider { get; }
    public string ModelPath { get; }
    public string InputName { get; }
    public string OutputName { get; }

    /// <summary>The declared input dimensions (−1 where symbolic).</summary>
    public int[] InputDimensions => _session.InputMetadata[InputName].Dimensions;

    /// <summary>The declared output dimensions (−1 where symbolic).</summary>
    public int[] OutputDimensions => _session.OutputMetadata[OutputName].Dimensions;

    /// <summary>Runs the model once on <paramref name="input"/> and returns its raw output.</summary>
    /// <param name="input">A [1, C, H, W] float32 tensor.</param>
    /// <param name="releaseMemory">Whether ONNX Runtime hands the free part of its CPU memory arena back at the end
    /// of this run. The arena keeps the largest working set any run needed (about 1 GiB for a 288² tile of the
    /// bundled networks) for the next run; the last tile of an image of several tiles releases it, so a large
    /// image's metrics do not find it still held.</param>
    /// <exception cref="InvalidDataException">The output is not a 4-d float tensor with batch 1.</exception>
    public PlanarTensor Run(PlanarTensor input, bool releaseMemory = false)
    {
        long[] shape = [1, input.Channels, input.Height, input.Width];
        using var inputValue = OrtValue.CreateTensorValueFromMemory(input.Data, shape);
        using var runOptions = new RunOptions();
        if (releaseMemory)
            runOptions.AddRunConfigEntry("memory.enable_memory_arena_shrinkage", "cpu:0");
        using var outputs = _session.Run(runOptions, _inputNames, [inputValue], _outputNames);
        var output = outputs[0];
        var info = output.GetTensorTypeAndShape();
        if (info.ElementDataType != TensorElementType.Float || info.Shape is not [1, var c, var h, var w])
            throw new InvalidDataException(
                $"{Path.GetFileName(ModelPath)}: output is {info.ElementDataType} [{string.Join(", ", info.Shape)}], expected float [1, C, H, W]");
        var data = output.GetTensorDataAsSpan<float>().ToArray();
        return new PlanarTensor(data, checked((int)c), checked((int)h), checked((int)w));
    }

    public void Dispose() => _session.Dispose();
}

using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using SemSrDashboard.Engine.Models;
using DataType = Onnx.TensorProto.Types.DataType;

namespace SemSrDashboard.Engine.Quantization;

/// <summary>Calibrates activation ranges: runs the float32 model with ONNX Runtime (CPU) on calibration inputs, with
/// the tensors of interest added to a copy of the graph as extra outputs, and records each one's min and max.</summary>
public static class RangeCollector
{
    /// <summary>Ranges of <paramref name="tensors"/> over every input of <paramref name="inputs"/> (float32
    /// NCHW tensors in the model's input range).</summary>
    public static ActivationRanges Collect(ModelProto model, IReadOnlyList<string> tensors, IEnumerable<PlanarTensor> inputs)
    {
        var probe = model.Clone();
        var outputs = probe.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var name in tensors.Where(t => !outputs.Contains(t)))
            probe.Graph.Output.Add(new ValueInfoProto
            {
                Name = name,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)DataType.Float } },
            });

        using var options = ExecutionProviders.CpuOptions();
        using var session = new InferenceSession(probe.ToByteArray(), options);
        string inputName = session.InputMetadata.Keys.Single();
        var names = tensors.ToArray();
        var ranges = new ActivationRanges();
        using var runOptions = new RunOptions();
        foreach (var input in inputs)
        {
            using var value = OrtValue.CreateTensorValueFromMemory(input.Data, [1, input.Channels, input.Height, input.Width]);
            using var results = session.Run(runOptions, [inputName], [value], names);
            for (int i = 0; i < names.Length; i++)
                ranges.Observe(names[i], results[i].GetTensorDataAsSpan<float>());
        }
        return ranges;
    }
}

using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace SemSrDashboard.Engine.Training;

/// <summary>A trainable TorchSharp network that runs an ONNX graph node by node (built by
/// <see cref="OnnxTorchTranslator"/>). The Conv weights and biases are its parameters, named after their ONNX
/// initializers; every other initializer is a constant. <see cref="ToOnnx"/> writes the same graph with the current
/// parameter values, so a trained network is an ordinary ONNX model again.</summary>
public sealed class OnnxTorchNetwork : nn.Module<Tensor, Tensor>
{
    private readonly ModelProto _source;
    private readonly IReadOnlyList<TorchNode> _nodes;
    private readonly IReadOnlyDictionary<string, Tensor> _constants;
    private readonly Dictionary<string, Tensor> _initializers = new(StringComparer.Ordinal);
    private readonly List<(string Initializer, Parameter Parameter)> _trainable;
    private readonly string _inputName;
    private readonly string _outputName;

    internal OnnxTorchNetwork(ModelProto source, IReadOnlyList<TorchNode> nodes,
        IReadOnlyList<(string Initializer, Parameter Parameter)> trainable, IReadOnlyDictionary<string, Tensor> constants,
        string inputName, string outputName) : base("OnnxTorchNetwork")
    {
        _source = source;
        _nodes = nodes;
        _constants = constants;
        _trainable = [.. trainable];
        _inputName = inputName;
        _outputName = outputName;
        // Registered for parameters(); tensors are created on their device by the translator, so the module is never
        // moved with to() (which would replace the tensors this class holds).
        for (int i = 0; i < _trainable.Count; i++)
            register_parameter($"p{i:D4}", _trainable[i].Parameter);
        foreach (var (name, parameter) in _trainable)
            _initializers[name] = parameter;
        foreach (var (name, constant) in constants)
            _initializers[name] = constant;
    }

    /// <summary>The trainable parameters with the ONNX initializer each came from, in graph order.</summary>
    public IReadOnlyList<(string Initializer, Parameter Parameter)> Trainable => _trainable;

    /// <summary>Number of trainable values.</summary>
    public long ParameterCount => _trainable.Sum(t => t.Parameter.numel());

    /// <summary>Runs the graph on a [N, C, H, W] batch in the model's input range; returns its raw output (laid out
    /// channels-last in memory where the graph keeps that layout: read it through <c>contiguous()</c>).</summary>
    public override Tensor forward(Tensor input)
    {
        var values = new Dictionary<string, Tensor>(StringComparer.Ordinal)
        {
            [_inputName] = input.dim() == 4 ? OnnxTorchTranslator.ChannelsLast(input) : input,
        };
        foreach (var node in _nodes)
        {
            var inputs = new Tensor[node.Inputs.Count];
            for (int i = 0; i < inputs.Length; i++)
                inputs[i] = Lookup(values, node.Inputs[i]);
            values[node.Output] = node.Apply(inputs);
        }
        return values[_outputName];
    }

    private Tensor Lookup(Dictionary<string, Tensor> values, string name) =>
        values.TryGetValue(name, out var value) ? value : _initializers[name];

    /// <summary>The source ONNX model with every trainable initializer replaced by the current parameter values
    /// (float32, in the representation the source used); everything else is unchanged.</summary>
    public byte[] ToOnnx()
    {
        var model = _source.Clone();
        var byName = model.Graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        foreach (var (name, parameter) in _trainable)
        {
            var tensor = byName[name];
            float[] values = ValuesOf(parameter);
            if (tensor.RawData.Length > 0 || tensor.FloatData.Count == 0)
            {
                var bytes = new byte[values.Length * sizeof(float)];
                if (!BitConverter.IsLittleEndian)
                    throw new PlatformNotSupportedException("ONNX raw data is little-endian; this machine is not");
                MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(bytes);
                tensor.RawData = ByteString.CopyFrom(bytes);
            }
            else
            {
                tensor.FloatData.Clear();
                tensor.FloatData.AddRange(values);
            }
        }
        return model.ToByteArray();
    }

    /// <summary>A parameter's values as float32, copied to the CPU.</summary>
    internal static float[] ValuesOf(Tensor parameter)
    {
        using var scope = NewDisposeScope();
        return parameter.detach().cpu().contiguous().data<float>().ToArray();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var (_, parameter) in _trainable)
                parameter.Dispose();
            foreach (var constant in _constants.Values)
                constant.Dispose();
        }
        base.Dispose(disposing);
    }
}

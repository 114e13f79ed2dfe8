using System.Buffers.Binary;
using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;

namespace SemSrDashboard.Engine.Models.Import;

/// <summary>Small helper that accumulates ONNX nodes and float initialisers into a <see cref="GraphProto"/>.</summary>
internal sealed class OnnxGraphBuilder
{
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);

    public OnnxGraphBuilder(string name) => Graph = new GraphProto { Name = name };

    public GraphProto Graph { get; }

    /// <summary>Adds a float32 NCHW graph input with fixed batch 1, fixed channels and symbolic height/width.</summary>
    public void AddInput(string name, int channels, string heightParam, string widthParam) =>
        Graph.Input.Add(ImageValueInfo(name, channels, heightParam, widthParam));

    /// <summary>Adds a float32 NCHW graph output (batch 1, symbolic height/width).</summary>
    public void AddOutput(string name, int channels, string heightParam, string widthParam) =>
        Graph.Output.Add(ImageValueInfo(name, channels, heightParam, widthParam));

    /// <summary>Adds a float32 initialiser and returns its name.</summary>
    public string AddInitializer(string name, ReadOnlySpan<float> data, params long[] dims)
    {
        Reserve(name);
        var bytes = new byte[data.Length * sizeof(float)];
        if (BitConverter.IsLittleEndian)
            MemoryMarshal.AsBytes(data).CopyTo(bytes);
        else
            for (var i = 0; i < data.Length; i++)
                BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), data[i]);
        var tensor = new TensorProto { Name = name, DataType = (int)TensorProto.Types.DataType.Float, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        Graph.Initializer.Add(tensor);
        return name;
    }

    /// <summary>Adds a node with a single output and returns that output's name.</summary>
    public string AddNode(string opType, string name, IEnumerable<string> inputs, string output,
        params AttributeProto[] attributes)
    {
        Reserve(output);
        var node = new NodeProto { OpType = opType, Name = name };
        node.Input.AddRange(inputs);
        node.Output.Add(output);
        node.Attribute.AddRange(attributes);
        Graph.Node.Add(node);
        return output;
    }

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    private void Reserve(string name)
    {
        if (!_names.Add(name))
            throw new TfjsImportException($"ONNX value name '{name}' would be defined twice.");
    }

    private static ValueInfoProto ImageValueInfo(string name, int channels, string heightParam, string widthParam)
    {
        var shape = new TensorShapeProto();
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = 1 });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimValue = channels });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = heightParam });
        shape.Dim.Add(new TensorShapeProto.Types.Dimension { DimParam = widthParam });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto
            {
                TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float, Shape = shape },
            },
        };
    }
}

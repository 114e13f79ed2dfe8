using System.Buffers.Binary;
using Google.Protobuf;
using Onnx;
using DataType = Onnx.TensorProto.Types.DataType;

namespace SemSrDashboard.Engine.Models;

/// <summary>
/// Writes a float16 variant of a float32 ONNX model: every float initializer and float constant (Constant,
/// ConstantOfShape and other tensor attributes) becomes float16, <c>Cast</c> nodes to float32 become casts to
/// float16, and float value_info entries follow. The graph's float32 inputs and outputs are kept: a <c>Cast</c> to
/// float16 follows each input and a <c>Cast</c> to float32 precedes each output, so the ONNX contract of
/// docs/model-card.md (float32 NCHW <c>input</c>/<c>output</c>, dynamic H/W) holds for the variant too.
/// </summary>
/// <remarks>Only operators whose float-typedness is known are accepted: an operator with an input that ONNX
/// requires to be float32 whatever the data type (Resize's and Upsample's <c>scales</c>, Resize's <c>roi</c>)
/// keeps that input float32, so an unknown operator could silently break the model and is refused instead.</remarks>
public static class Fp16ModelConverter
{
    /// <summary>Suffix of the variant's id: <c>rdn-slim-x4</c> → <c>rdn-slim-x4-fp16</c>.</summary>
    public const string IdSuffix = "-fp16";

    // Operators whose float inputs and outputs all share one type parameter, so float16 in gives float16 out.
    private static readonly HashSet<string> SameTypeOps =
    [
        "Abs", "Add", "AveragePool", "BatchNormalization", "Clip", "Concat", "Constant", "ConstantOfShape", "Conv",
        "ConvTranspose", "DepthToSpace", "Div", "Dropout", "Elu", "Erf", "Exp", "Expand", "Flatten", "Gather", "Gemm",
        "GlobalAveragePool", "GlobalMaxPool", "HardSigmoid", "Identity", "InstanceNormalization", "LeakyRelu", "Log",
        "MatMul", "Max", "MaxPool", "Mean", "Min", "Mul", "Neg", "Pad", "Pow", "PRelu", "Reciprocal", "ReduceMax",
        "ReduceMean", "ReduceSum", "Relu", "Reshape", "Selu", "Shape", "Sigmoid", "Slice", "Softmax", "Softplus",
        "SpaceToDepth", "Split", "Sqrt", "Squeeze", "Sub", "Sum", "Tanh", "Tile", "Transpose", "Unsqueeze",
    ];

    // Operators with inputs that stay float32 (by position), whatever the data type is.
    private static readonly Dictionary<string, int[]> Float32Inputs = new(StringComparer.Ordinal)
    {
        ["Resize"] = [1, 2],   // roi (any float type, kept as it is), scales (float32 only)
        ["Upsample"] = [1],    // scales (float32 only)
        ["Cast"] = [],         // its 'to' attribute is rewritten instead
    };

    /// <summary>Id of the variant of <paramref name="id"/>.</summary>
    public static string VariantId(string id) => id + IdSuffix;

    /// <summary>Converts a serialised float32 model and returns the serialised float16 variant.</summary>
    /// <exception cref="Fp16ConversionException">The model holds a construct the conversion does not support.</exception>
    public static byte[] Convert(byte[] onnx)
    {
        ModelProto model;
        try
        {
            model = ModelProto.Parser.ParseFrom(onnx);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new Fp16ConversionException($"not an ONNX model: {e.Message}");
        }
        return Convert(model).ToByteArray();
    }

    /// <summary>Returns a float16 variant of <paramref name="source"/> (which is left unchanged).</summary>
    /// <exception cref="Fp16ConversionException">The model holds a construct the conversion does not support.</exception>
    public static ModelProto Convert(ModelProto source)
    {
        var model = source.Clone();
        if (model.OpsetImport.FirstOrDefault(o => o.Domain is not ("" or "ai.onnx")) is { } foreign)
            throw new Fp16ConversionException($"operator domain '{foreign.Domain}' is not supported (only the standard ONNX operators are)");
        if (model.Functions.Count > 0)
            throw new Fp16ConversionException("model-local functions are not supported");
        var graph = model.Graph ?? throw new Fp16ConversionException("the model has no graph");

        var keptFloat32 = CheckNodesAndFindFloat32Inputs(graph);
        int converted = ConvertInitializers(graph, keptFloat32);
        converted += ConvertNodeAttributes(graph);
        if (converted == 0)
            throw new Fp16ConversionException("nothing to convert: the model has no float32 weights or constants (is it float16 already?)");
        foreach (var info in graph.ValueInfo)
            if (info.Type?.TensorType is { ElemType: (int)DataType.Float } tensor)
                tensor.ElemType = (int)DataType.Float16;
        CastGraphInputs(graph, keptFloat32);
        CastGraphOutputs(graph);

        model.DocString = (model.DocString + " Float16 variant: weights and activations float16, float32 input and output.").Trim();
        return model;
    }

    /// <summary>Converts the model at <paramref name="onnxPath"/> (described by <paramref name="card"/>) and writes
    /// <c>&lt;outDir&gt;/&lt;id&gt;-fp16.onnx</c> with its card; both are written to temporary names first and moved
    /// into place only when both are complete.</summary>
    /// <returns>The variant's card.</returns>
    public static ModelCard ConvertFile(string onnxPath, ModelCard card, string outDir)
    {
        var bytes = Convert(File.ReadAllBytes(onnxPath));
        var variant = CardFor(card, ModelFiles.Sha256(bytes));
        variant.Validate();
        ModelFiles.Write(outDir, variant, bytes);
        return variant;
    }

    /// <summary>The variant's card: the source card with the new id, name, sha256 and notes.</summary>
    public static ModelCard CardFor(ModelCard source, string sha256) => source with
    {
        Id = VariantId(source.Id),
        DisplayName = source.DisplayName + " (fp16)",
        Sha256 = sha256,
        Notes = $"Float16 conversion of {source.Id} (sha256 {source.Sha256}) by SemSrDashboard's Fp16ModelConverter: " +
                "weights, constants and activations float16, input and output float32 (a Cast after the input and " +
                "before the output). ONNX Runtime's CPU provider keeps the activations float32, so on the CPU only the " +
                "float16 weights take effect; speed and float16 activations must be measured on a GPU. Accuracy change: " +
                $"evaluate --methods {source.Id},{VariantId(source.Id)}; the bundled models' figures are in " +
                "docs/model-card.md (fp16 variants). Notes of " + source.Id + ": " + source.Notes,
    };

    private static HashSet<string> CheckNodesAndFindFloat32Inputs(GraphProto graph)
    {
        var kept = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
        {
            if (node.Domain is not ("" or "ai.onnx"))
                throw new Fp16ConversionException($"node '{node.Name}': operator {node.Domain}.{node.OpType} is not supported");
            if (node.Attribute.Any(a => a.Type is AttributeProto.Types.AttributeType.Graph or AttributeProto.Types.AttributeType.Graphs))
                throw new Fp16ConversionException($"node '{node.Name}' ({node.OpType}): sub-graphs are not supported");
            if (Float32Inputs.TryGetValue(node.OpType, out var positions))
            {
                foreach (int i in positions.Where(i => i < node.Input.Count && node.Input[i].Length > 0))
                    kept.Add(node.Input[i]);
            }
            else if (!SameTypeOps.Contains(node.OpType))
                throw new Fp16ConversionException(
                    $"node '{node.Name}': operator {node.OpType} is not supported by the float16 conversion");
        }
        // A float32-only input must not be computed by float ops, which will now compute in float16.
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        if (kept.FirstOrDefault(name => !initializers.Contains(name)) is { } computed)
            throw new Fp16ConversionException(
                $"'{computed}' must stay float32 (e.g. Resize scales) but is computed in the graph, not an initializer");
        return kept;
    }

    private static int ConvertInitializers(GraphProto graph, HashSet<string> keptFloat32)
    {
        // Names read at float16 positions too: those initializers get a float16 copy.
        var readAsData = graph.Node.SelectMany(DataInputs).ToHashSet(StringComparer.Ordinal);
        int converted = 0;
        foreach (var tensor in graph.Initializer.ToList())
        {
            if (tensor.DataType != (int)DataType.Float)
                continue;
            if (!keptFloat32.Contains(tensor.Name))
                ToFloat16(tensor, $"initializer '{tensor.Name}'");
            else if (readAsData.Contains(tensor.Name))
            {
                var copy = tensor.Clone();
                copy.Name = tensor.Name + "/fp16";
                ToFloat16(copy, $"initializer '{tensor.Name}'");
                graph.Initializer.Add(copy);
                foreach (var node in graph.Node)
                    RenameDataInputs(node, tensor.Name, copy.Name);
            }
            else
                continue;
            converted++;
        }
        return converted;
    }

    private static int ConvertNodeAttributes(GraphProto graph)
    {
        int converted = 0;
        foreach (var node in graph.Node)
        foreach (var attribute in node.Attribute)
        {
            string where = $"node '{node.Name}' ({node.OpType}) attribute '{attribute.Name}'";
            if (node.OpType == "Cast" && attribute.Name == "to" && attribute.I == (int)DataType.Float)
                attribute.I = (int)DataType.Float16;
            else if (node.OpType == "Constant" && attribute.Name is "value_float" or "value_floats")
            {
                // Rewritten as a float16 'value' tensor: value_float(s) always makes a float32 constant.
                var tensor = new TensorProto { DataType = (int)DataType.Float };
                if (attribute.Name == "value_floats")
                {
                    tensor.FloatData.AddRange(attribute.Floats);
                    tensor.Dims.Add(attribute.Floats.Count);
                }
                else
                    tensor.FloatData.Add(attribute.F);
                ToFloat16(tensor, where);
                attribute.Name = "value";
                attribute.Type = AttributeProto.Types.AttributeType.Tensor;
                attribute.F = 0;
                attribute.Floats.Clear();
                attribute.T = tensor;
                converted++;
            }
            else if (attribute.T is { DataType: (int)DataType.Float } tensor)
            {
                ToFloat16(tensor, where);
                converted++;
            }
            else if (attribute.Tensors.Any(t => t.DataType == (int)DataType.Float))
                throw new Fp16ConversionException($"{where}: tensor lists are not supported");
        }
        return converted;
    }

    private static void CastGraphInputs(GraphProto graph, HashSet<string> keptFloat32)
    {
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        int at = 0;
        foreach (var input in graph.Input.Where(i => IsFloat32(i) && !initializers.Contains(i.Name)))
        {
            if (keptFloat32.Contains(input.Name))
                throw new Fp16ConversionException($"graph input '{input.Name}' feeds an input that must stay float32");
            string cast = input.Name + "/fp16";
            foreach (var node in graph.Node)
                RenameDataInputs(node, input.Name, cast);
            graph.Node.Insert(at++, CastNode(input.Name, cast, DataType.Float16));
        }
    }

    private static void CastGraphOutputs(GraphProto graph)
    {
        foreach (var output in graph.Output.Where(IsFloat32))
        {
            var producer = graph.Node.FirstOrDefault(n => n.Output.Contains(output.Name))
                ?? throw new Fp16ConversionException($"graph output '{output.Name}' is not computed by a node");
            string beforeCast = output.Name + "/fp16";
            producer.Output[producer.Output.IndexOf(output.Name)] = beforeCast;
            foreach (var node in graph.Node)
                for (int i = 0; i < node.Input.Count; i++)
                    if (node.Input[i] == output.Name)
                        node.Input[i] = beforeCast;
            graph.Node.Add(CastNode(beforeCast, output.Name, DataType.Float));
        }
    }

    private static NodeProto CastNode(string input, string output, DataType to)
    {
        var node = new NodeProto { OpType = "Cast", Name = output + "/cast" };
        node.Input.Add(input);
        node.Output.Add(output);
        node.Attribute.Add(new AttributeProto { Name = "to", Type = AttributeProto.Types.AttributeType.Int, I = (int)to });
        return node;
    }

    private static bool IsFloat32(ValueInfoProto info) => info.Type?.TensorType?.ElemType == (int)DataType.Float;

    /// <summary>The inputs of <paramref name="node"/> at positions that take the (now float16) data type.</summary>
    private static IEnumerable<string> DataInputs(NodeProto node)
    {
        var kept = Float32Inputs.GetValueOrDefault(node.OpType) ?? [];
        return node.Input.Where((name, i) => name.Length > 0 && !kept.Contains(i));
    }

    private static void RenameDataInputs(NodeProto node, string from, string to)
    {
        var kept = Float32Inputs.GetValueOrDefault(node.OpType) ?? [];
        for (int i = 0; i < node.Input.Count; i++)
            if (node.Input[i] == from && !kept.Contains(i))
                node.Input[i] = to;
    }

    /// <summary>Rewrites a float32 tensor in place as float16 (round to nearest even) in raw_data.</summary>
    private static void ToFloat16(TensorProto tensor, string where)
    {
        if (tensor.DataLocation == TensorProto.Types.DataLocation.External || tensor.ExternalData.Count > 0)
            throw new Fp16ConversionException($"{where}: external tensor data is not supported");
        if (tensor.Segment is not null)
            throw new Fp16ConversionException($"{where}: segmented tensors are not supported");
        float[] values;
        if (tensor.RawData.Length > 0)
        {
            var raw = tensor.RawData.Span;
            values = new float[raw.Length / sizeof(float)];
            for (int i = 0; i < values.Length; i++)
                values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * sizeof(float))..]);
        }
        else
            values = [.. tensor.FloatData];

        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++)
        {
            var half = (Half)values[i];
            if (Half.IsInfinity(half) && !float.IsInfinity(values[i]))
                throw new Fp16ConversionException($"{where}: value {values[i]} at index {i} is outside the float16 range (±65504)");
            BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(i * 2), BitConverter.HalfToUInt16Bits(half));
        }
        tensor.FloatData.Clear();
        tensor.RawData = ByteString.CopyFrom(bytes);
        tensor.DataType = (int)DataType.Float16;
    }
}

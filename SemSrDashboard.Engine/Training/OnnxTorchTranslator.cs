using System.Buffers.Binary;
using Google.Protobuf;
using Onnx;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using AttributeType = Onnx.AttributeProto.Types.AttributeType;
using DataType = Onnx.TensorProto.Types.DataType;

namespace SemSrDashboard.Engine.Training;

/// <summary>Builds a trainable <see cref="OnnxTorchNetwork"/> from an ONNX model: each node becomes the equivalent
/// TorchSharp operation, each Conv's weight and bias initializers become parameters.</summary>
/// <remarks>Operators (those the bundled networks use): Conv (any kernel, stride, dilation, group; symmetric or
/// asymmetric explicit pads), Relu, Concat, Add, Mul, Identity, Resize (mode nearest, coordinate transformation
/// asymmetric, nearest mode floor, integer spatial scales from an initializer) and DepthToSpace (DCR or CRD). Anything
/// else raises <see cref="UnsupportedModelException"/> naming the node, before any tensor is made.</remarks>
public static class OnnxTorchTranslator
{
    /// <summary>The operators the translator handles.</summary>
    public static IReadOnlyList<string> SupportedOperators { get; } =
        ["Conv", "Relu", "Concat", "Add", "Mul", "Identity", "Resize", "DepthToSpace"];

    /// <summary>Checks that every node can be translated, without making tensors.</summary>
    /// <exception cref="UnsupportedModelException">An operator or attribute is not supported.</exception>
    public static void Check(ModelProto model) => Build(model, device: null);

    /// <summary>Translates a serialised ONNX model onto <paramref name="device"/>.</summary>
    /// <exception cref="UnsupportedModelException">The model holds something the translator does not support.</exception>
    public static OnnxTorchNetwork Translate(byte[] onnx, Device device) => Build(Parse(onnx), device)!;

    /// <summary>Parses ONNX bytes.</summary>
    /// <exception cref="UnsupportedModelException">The bytes are not an ONNX model.</exception>
    public static ModelProto Parse(byte[] onnx)
    {
        try
        {
            return ModelProto.Parser.ParseFrom(onnx);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new UnsupportedModelException($"not an ONNX model: {e.Message}");
        }
    }

    private static OnnxTorchNetwork? Build(ModelProto model, Device? device)
    {
        var graph = model.Graph ?? throw new UnsupportedModelException("the model has no graph");
        if (model.OpsetImport.FirstOrDefault(o => o.Domain is not ("" or "ai.onnx")) is { } foreign)
            throw new UnsupportedModelException($"operator domain '{foreign.Domain}' is not supported");
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var inputs = graph.Input.Where(i => !initializers.ContainsKey(i.Name)).ToList();
        if (inputs.Count != 1 || graph.Output.Count != 1)
            throw new UnsupportedModelException($"the graph has {inputs.Count} inputs and {graph.Output.Count} outputs; expected one of each");

        var unsupported = graph.Node.FirstOrDefault(n => n.Domain is not ("" or "ai.onnx") || !SupportedOperators.Contains(n.OpType));
        if (unsupported is not null)
            throw new UnsupportedModelException(
                $"operator {unsupported.OpType} (node '{unsupported.Name}') is not supported by the training translator; " +
                $"supported: {string.Join(", ", SupportedOperators)}");

        var trainableNames = graph.Node.Where(n => n.OpType == "Conv").SelectMany(n => n.Input.Skip(1)).Where(n => n.Length > 0)
            .ToHashSet(StringComparer.Ordinal);
        var nodes = new List<TorchNode>();
        foreach (var node in graph.Node)
            nodes.Add(Node(node, initializers, trainableNames));
        if (device is null)
            return null;

        var trainable = new List<(string, Parameter)>();
        var constants = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var used = graph.Node.SelectMany(n => n.Input).ToHashSet(StringComparer.Ordinal);
        foreach (var initializer in graph.Initializer.Where(t => used.Contains(t.Name)))
        {
            if (trainableNames.Contains(initializer.Name))
                trainable.Add((initializer.Name, new Parameter(ToTensor(initializer, device), requires_grad: true)));
            else if (initializer.DataType == (int)DataType.Float)
                constants[initializer.Name] = ToTensor(initializer, device);
        }
        return new OnnxTorchNetwork(model, nodes, trainable, constants, inputs[0].Name, graph.Output[0].Name);
    }

    private static TorchNode Node(NodeProto node, Dictionary<string, TensorProto> initializers, HashSet<string> trainable)
    {
        if (node.Output.Count != 1)
            throw Unsupported(node, $"has {node.Output.Count} outputs; one is supported");
        var inputs = node.Input.ToList();
        Func<Tensor[], Tensor> apply = node.OpType switch
        {
            "Conv" => Conv(node, initializers),
            "Relu" => x => nn.functional.relu(x[0]),
            "Identity" => x => x[0],
            "Add" => x => x[0] + x[1],
            "Mul" => x => x[0] * x[1],
            "Concat" => x => cat(x, Int(node, "axis") ?? throw Unsupported(node, "has no axis")),
            "Resize" => Resize(node, initializers, out inputs),
            "DepthToSpace" => DepthToSpace(node),
            _ => throw Unsupported(node, "is not supported"),
        };
        if (node.OpType is "Add" or "Mul" && inputs.Count != 2)
            throw Unsupported(node, $"has {inputs.Count} inputs; two are supported");
        if (node.OpType is not ("Conv" or "Resize") && inputs.Any(trainable.Contains))
            throw Unsupported(node, "reads a Conv weight; weights shared with other operators are not supported");
        if (inputs.Any(i => i.Length == 0))
            throw Unsupported(node, "has an empty (optional) input that the translator does not handle");
        return new TorchNode(node.Name, node.OpType, inputs, node.Output[0], apply);
    }

    private static Func<Tensor[], Tensor> Conv(NodeProto node, Dictionary<string, TensorProto> initializers)
    {
        if (node.Input.Count < 2 || !initializers.TryGetValue(node.Input[1], out var weight))
            throw Unsupported(node, "has a weight that is not an initializer");
        if (weight.Dims.Count != 4)
            throw Unsupported(node, $"has a {weight.Dims.Count}-d weight; only 2-d convolutions are supported");
        if (node.Input.Count > 2 && !initializers.ContainsKey(node.Input[2]))
            throw Unsupported(node, "has a bias that is not an initializer");
        if (Str(node, "auto_pad") is { } autoPad && autoPad != "NOTSET")
            throw Unsupported(node, $"has auto_pad {autoPad}; explicit pads are supported");
        long[] strides = Ints(node, "strides") ?? [1, 1];
        long[] dilations = Ints(node, "dilations") ?? [1, 1];
        long[] pads = Ints(node, "pads") ?? [0, 0, 0, 0];
        long groups = Int(node, "group") ?? 1;
        if (strides.Length != 2 || dilations.Length != 2 || pads.Length != 4)
            throw Unsupported(node, "has strides, dilations or pads that are not 2-d");
        if (Ints(node, "kernel_shape") is { } kernel && !kernel.SequenceEqual(weight.Dims.Skip(2)))
            throw Unsupported(node, $"has kernel_shape [{string.Join(", ", kernel)}] unlike its weight [{string.Join(", ", weight.Dims)}]");
        // ONNX pads are [top, left, bottom, right]; conv2d pads symmetrically, so uneven pads go through pad() first.
        bool symmetric = pads[0] == pads[2] && pads[1] == pads[3];
        long[] convPadding = symmetric ? [pads[0], pads[1]] : [0, 0];
        long[] explicitPad = [pads[1], pads[3], pads[0], pads[2]];
        bool hasBias = node.Input.Count > 2;
        // The weight is handed to the convolution in channels-last layout like the activations (the parameter itself
        // stays contiguous, as checkpoints and the ONNX writer read it): LibTorch then runs oneDNN's NHWC kernels
        // without reordering; a medium-network step then takes about two thirds of the CPU time of the NCHW path.
        return x =>
        {
            var input = symmetric ? x[0] : ChannelsLast(nn.functional.pad(x[0], explicitPad));
            return nn.functional.conv2d(input, ChannelsLast(x[1]), hasBias ? x[2] : null, strides, convPadding, dilations, groups);
        };
    }

    private static Func<Tensor[], Tensor> Resize(NodeProto node, Dictionary<string, TensorProto> initializers, out List<string> inputs)
    {
        string mode = Str(node, "mode") ?? "nearest";
        string transform = Str(node, "coordinate_transformation_mode") ?? "half_pixel";
        string nearest = Str(node, "nearest_mode") ?? "round_prefer_floor";
        if (mode != "nearest" || transform != "asymmetric" || nearest != "floor")
            throw Unsupported(node, $"has mode {mode}, coordinate_transformation_mode {transform}, nearest_mode {nearest}; " +
                                    "only nearest/asymmetric/floor is supported");
        if (node.Input.Count < 3 || node.Input.Count > 3 || !initializers.TryGetValue(node.Input[2], out var scalesTensor))
            throw Unsupported(node, "takes no constant scales; only scales from an initializer are supported (not sizes)");
        var scales = FloatValues(scalesTensor);
        if (scales.Length != 4 || scales[0] != 1 || scales[1] != 1 || scales[2] != scales[3]
            || scales[2] < 1 || scales[2] != MathF.Floor(scales[2]))
            throw Unsupported(node, $"has scales [{string.Join(", ", scales)}]; only [1, 1, s, s] with a whole s is supported");
        long factor = (long)scales[2];
        inputs = [node.Input[0]];
        // Nearest with asymmetric coordinates and floor maps output (y, x) to input (⌊y/s⌋, ⌊x/s⌋): each pixel repeated,
        // done as a broadcast view (its gradient is a plain sum over each block), in channels-last order so that the
        // result stays channels-last for the convolution after it.
        return x =>
        {
            var nhwc = ChannelsLast(x[0]).permute(0, 2, 3, 1);
            long n = nhwc.shape[0], h = nhwc.shape[1], w = nhwc.shape[2], c = nhwc.shape[3];
            return nhwc.reshape(n, h, 1, w, 1, c).expand(n, h, factor, w, factor, c).reshape(n, h * factor, w * factor, c)
                .permute(0, 3, 1, 2);
        };
    }

    private static Func<Tensor[], Tensor> DepthToSpace(NodeProto node)
    {
        long block = Int(node, "blocksize") ?? throw Unsupported(node, "has no blocksize");
        string mode = Str(node, "mode") ?? "DCR";
        if (mode == "CRD")
            return x => nn.functional.pixel_shuffle(x[0], block);
        if (mode != "DCR")
            throw Unsupported(node, $"has mode {mode}; DCR and CRD are supported");
        // DCR: channel (dy·b + dx)·C + c goes to pixel (dy, dx) of channel c.
        return x =>
        {
            long n = x[0].shape[0], c = x[0].shape[1] / (block * block), h = x[0].shape[2], w = x[0].shape[3];
            return x[0].reshape(n, block, block, c, h, w).permute(0, 3, 4, 1, 5, 2).reshape(n, c, h * block, w * block);
        };
    }

    /// <summary>The same [N, C, H, W] values laid out channels-last (strides C·H·W, 1, W·C, C); no copy when they
    /// already are.</summary>
    internal static Tensor ChannelsLast(Tensor x) => x.permute(0, 2, 3, 1).contiguous().permute(0, 3, 1, 2);

    private static Tensor ToTensor(TensorProto initializer, Device device)
    {
        if (initializer.DataType != (int)DataType.Float)
            throw new UnsupportedModelException($"initializer '{initializer.Name}' is {(DataType)initializer.DataType}; float32 is supported");
        var values = FloatValues(initializer);
        return tensor(values, initializer.Dims.ToArray(), ScalarType.Float32, device);
    }

    private static float[] FloatValues(TensorProto tensorProto)
    {
        if (tensorProto.DataLocation == TensorProto.Types.DataLocation.External || tensorProto.ExternalData.Count > 0)
            throw new UnsupportedModelException($"initializer '{tensorProto.Name}' keeps its data outside the file; not supported");
        if (tensorProto.RawData.Length == 0)
            return [.. tensorProto.FloatData];
        var raw = tensorProto.RawData.Span;
        var values = new float[raw.Length / sizeof(float)];
        for (int i = 0; i < values.Length; i++)
            values[i] = BinaryPrimitives.ReadSingleLittleEndian(raw[(i * sizeof(float))..]);
        return values;
    }

    private static AttributeProto? Attribute(NodeProto node, string name) => node.Attribute.FirstOrDefault(a => a.Name == name);
    private static long? Int(NodeProto node, string name) => Attribute(node, name) is { Type: AttributeType.Int } a ? a.I : null;
    private static long[]? Ints(NodeProto node, string name) => Attribute(node, name) is { Type: AttributeType.Ints } a ? [.. a.Ints] : null;
    private static string? Str(NodeProto node, string name) => Attribute(node, name) is { Type: AttributeType.String } a ? a.S.ToStringUtf8() : null;

    private static UnsupportedModelException Unsupported(NodeProto node, string problem) =>
        new($"node '{node.Name}' ({node.OpType}) {problem}");
}

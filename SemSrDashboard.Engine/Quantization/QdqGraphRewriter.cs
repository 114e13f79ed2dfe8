using Onnx;

namespace SemSrDashboard.Engine.Quantization;

/// <summary>
/// Rewrites a float32 ONNX model into its statically quantised QDQ form: every convolution reads its input through
/// QuantizeLinear → DequantizeLinear (uint8, per tensor), its weights through DequantizeLinear from int8 (symmetric,
/// per output channel) and its bias through DequantizeLinear from int32, and its output passes through
/// QuantizeLinear → DequantizeLinear; all other operators stay float32. ONNX Runtime's CPU provider fuses each
/// DQ → Conv → Q group into one integer convolution (QLinearConv, U8S8), which runs on AVX2 / AVX-512 VNNI integer
/// instructions. Arithmetic: <see cref="QuantizationMath"/>.
/// </summary>
/// <remarks>
/// <para>A Relu that is the only reader of a convolution's output is folded into the output's quantisation, as ONNX
/// Runtime's quantiser does: the output is quantised with the Relu output's calibrated range, whose minimum is 0, so
/// zero point 0 clamps negative values exactly as the Relu did.</para>
/// <para>A convolution whose output reaches a graph output without passing another convolution (e.g. the last one,
/// read through an Identity) keeps a float32 output, so the model's result is not rounded to 256 levels; it still
/// reads quantised input and weights, and ONNX Runtime runs it as a float convolution.</para>
/// </remarks>
public static class QdqGraphRewriter
{
    /// <summary>Smallest default-domain opset the rewritten model needs (per-channel DequantizeLinear).</summary>
    public const int MinimumOpset = 13;

    /// <summary>Counts of what <see cref="Rewrite"/> changed.</summary>
    /// <param name="FloatOutputs">Convolutions that keep a float32 output (they feed the model's result).</param>
    public sealed record Summary(int Convolutions, int FoldedRelus, int QuantizedActivations, int FloatOutputs);

    /// <summary>The activation tensors whose ranges <see cref="Rewrite"/> needs, in graph order.</summary>
    public static IReadOnlyList<string> CalibrationTensors(ModelProto model)
    {
        var graph = model.Graph;
        var initializers = graph.Initializer.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var graphOutputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var names = new List<string>();
        foreach (var conv in graph.Node.Where(n => n.OpType == "Conv"))
        {
            if (!initializers.Contains(conv.Input[0]) && !names.Contains(conv.Input[0]))
                names.Add(conv.Input[0]);
            string output = FoldableRelu(graph, conv)?.Output[0] ?? conv.Output[0];
            if (!IsModelResult(graph, output, graphOutputs) && !names.Contains(output))
                names.Add(output);
        }
        return names;
    }

    /// <summary>Returns the QDQ model (the source is left unchanged) and what was changed.</summary>
    /// <exception cref="QuantizationException">The model has no convolution or a construct the rewrite does not support.</exception>
    /// <exception cref="KeyNotFoundException">A tensor of <see cref="CalibrationTensors"/> has no range.</exception>
    public static (ModelProto Model, Summary Summary) Rewrite(ModelProto source, ActivationRanges ranges)
    {
        var model = source.Clone();
        var graph = model.Graph ?? throw new QuantizationException("the model has no graph");
        CheckModel(model);

        int folded = FoldRelus(graph);
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var graphOutputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var convs = graph.Node.Where(n => n.OpType == "Conv").ToList();

        // Activation parameters by tensor name: every convolution input, and every convolution output that is not
        // the model's result.
        var activations = new Dictionary<string, QuantizationParameters>(StringComparer.Ordinal);
        int floatOutputs = 0;
        foreach (var conv in convs)
        {
            bool result = IsModelResult(graph, conv.Output[0], graphOutputs);
            floatOutputs += result ? 1 : 0;
            if (initializers.ContainsKey(conv.Input[0]))
                throw new QuantizationException($"Conv '{conv.Name}' has a constant input; only weights may be constant");
            foreach (var name in result ? [conv.Input[0]] : new[] { conv.Input[0], conv.Output[0] })
                if (!activations.ContainsKey(name))
                {
                    var (min, max) = ranges[name];
                    activations[name] = QuantizationMath.Activation(min, max);
                }
        }

        var weightNodes = new List<NodeProto>();
        var weightDequantized = new Dictionary<string, (string Name, float[] Scales)>(StringComparer.Ordinal);
        foreach (var conv in convs)
        {
            var (weightName, weightScales) = weightDequantized.TryGetValue(conv.Input[1], out var done)
                ? done
                : weightDequantized[conv.Input[1]] = QuantizeWeights(conv, initializers, graph, weightNodes);
            if (conv.Input.Count > 2 && conv.Input[2].Length > 0)
                conv.Input[2] = QuantizeBias(conv, initializers, activations[conv.Input[0]].Scale, weightScales, graph, weightNodes);
            conv.Input[1] = weightName;
        }

        InsertActivationQdq(graph, activations, weightNodes);
        RemoveUnused(graph);
        model.DocString = (model.DocString + " Int8 QDQ variant: Conv inputs and outputs uint8 per tensor, weights int8 per channel.").Trim();
        return (model, new Summary(convs.Count, folded, activations.Count, floatOutputs));
    }

    private static void CheckModel(ModelProto model)
    {
        if (model.Functions.Count > 0)
            throw new QuantizationException("model-local functions are not supported");
        var opset = model.OpsetImport.FirstOrDefault(o => o.Domain is "" or "ai.onnx");
        if (opset is null || opset.Version < MinimumOpset)
            throw new QuantizationException($"the model uses opset {opset?.Version.ToString() ?? "none"}; per-channel int8 weights need opset {MinimumOpset} or later");
        if (!model.Graph.Node.Any(n => n.OpType == "Conv"))
            throw new QuantizationException("the model has no convolution to quantise");
        foreach (var node in model.Graph.Node)
            if (node.Attribute.Any(a => a.Type is AttributeProto.Types.AttributeType.Graph or AttributeProto.Types.AttributeType.Graphs))
                throw new QuantizationException($"node '{node.Name}' ({node.OpType}): sub-graphs are not supported");
    }

    /// <summary>True when <paramref name="tensor"/> flows into a graph output through operators other than Conv.</summary>
    private static bool IsModelResult(GraphProto graph, string tensor, HashSet<string> graphOutputs)
    {
        var pending = new Queue<string>([tensor]);
        var seen = new HashSet<string>(StringComparer.Ordinal) { tensor };
        while (pending.TryDequeue(out var name))
        {
            if (graphOutputs.Contains(name))
                return true;
            foreach (var reader in graph.Node.Where(n => n.OpType != "Conv" && n.Input.Contains(name)))
                foreach (var output in reader.Output.Where(seen.Add))
                    pending.Enqueue(output);
        }
        return false;
    }

    private static NodeProto? FoldableRelu(GraphProto graph, NodeProto conv)
    {
        string output = conv.Output[0];
        if (graph.Output.Any(o => o.Name == output))
            return null;
        var readers = graph.Node.Where(n => n.Input.Contains(output)).Take(2).ToList();
        return readers is [{ OpType: "Relu" } relu] ? relu : null;
    }

    /// <summary>Removes each Relu that alone reads a convolution's output; the convolution writes the Relu's output
    /// name instead (see the remarks on the type).</summary>
    private static int FoldRelus(GraphProto graph)
    {
        int folded = 0;
        foreach (var conv in graph.Node.Where(n => n.OpType == "Conv").ToList())
            if (FoldableRelu(graph, conv) is { } relu)
            {
                conv.Output[0] = relu.Output[0];
                graph.Node.Remove(relu);
                folded++;
            }
        return folded;
    }

    private static (string Name, float[] Scales) QuantizeWeights(NodeProto conv, Dictionary<string, TensorProto> initializers,
        GraphProto graph, List<NodeProto> nodes)
    {
        string name = conv.Input[1];
        if (!initializers.TryGetValue(name, out var weights) || weights.Dims.Count != 4)
            throw new QuantizationException($"Conv '{conv.Name}': weights '{name}' are not a constant 4-d tensor");
        var values = TensorData.ReadFloats(weights);
        int channels = checked((int)weights.Dims[0]);
        int perChannel = values.Length / channels;
        var scales = new float[channels];
        var quantized = new sbyte[values.Length];
        for (int c = 0; c < channels; c++)
        {
            var channel = values.AsSpan(c * perChannel, perChannel);
            double absMax = 0;
            foreach (float w in channel)
                absMax = Math.Max(absMax, Math.Abs(w));
            scales[c] = QuantizationMath.WeightScale(absMax);
            for (int i = 0; i < perChannel; i++)
                quantized[c * perChannel + i] = QuantizationMath.QuantizeWeight(channel[i], scales[c]);
        }
        graph.Initializer.Add(TensorData.Int8(name + "/int8", quantized, [.. weights.Dims]));
        graph.Initializer.Add(TensorData.Floats(name + "/scale", scales, channels));
        graph.Initializer.Add(TensorData.Int8(name + "/zero_point", new sbyte[channels], channels));
        nodes.Add(Dequantize(name + "/int8", name + "/scale", name + "/zero_point", name + "/dequantized", axis: 0));
        return (name + "/dequantized", scales);
    }

    private static string QuantizeBias(NodeProto conv, Dictionary<string, TensorProto> initializers, float inputScale,
        float[] weightScales, GraphProto graph, List<NodeProto> nodes)
    {
        string name = conv.Input[2];
        if (!initializers.TryGetValue(name, out var bias) || bias.Dims.Count != 1 || bias.Dims[0] != weightScales.Length)
            throw new QuantizationException($"Conv '{conv.Name}': bias '{name}' is not a constant vector of {weightScales.Length} values");
        var values = TensorData.ReadFloats(bias);
        var scales = new float[values.Length];
        var quantized = new int[values.Length];
        for (int c = 0; c < values.Length; c++)
        {
            scales[c] = QuantizationMath.BiasScale(inputScale, weightScales[c]);
            quantized[c] = QuantizationMath.QuantizeBias(values[c], scales[c]);
        }
        // Per convolution: a bias shared by convolutions with differently scaled inputs needs one copy each.
        string prefix = $"{name}/{conv.Name}";
        graph.Initializer.Add(TensorData.Int32(prefix + "/int32", quantized, values.Length));
        graph.Initializer.Add(TensorData.Floats(prefix + "/scale", scales, values.Length));
        graph.Initializer.Add(TensorData.Int32(prefix + "/zero_point", new int[values.Length], values.Length));
        nodes.Add(Dequantize(prefix + "/int32", prefix + "/scale", prefix + "/zero_point", prefix + "/dequantized", axis: 0));
        return prefix + "/dequantized";
    }

    /// <summary>Puts a Q → DQ pair right after the producer of each activation (or first, for a graph input) and
    /// points every reader at the dequantised copy; the weight and bias DequantizeLinear nodes go first.</summary>
    private static void InsertActivationQdq(GraphProto graph, Dictionary<string, QuantizationParameters> activations,
        List<NodeProto> weightNodes)
    {
        foreach (var (name, parameters) in activations)
        {
            graph.Initializer.Add(TensorData.Floats(name + "/scale", [parameters.Scale]));
            graph.Initializer.Add(TensorData.UInt8(name + "/zero_point", [(byte)parameters.ZeroPoint]));
        }
        foreach (var node in graph.Node)
            for (int i = 0; i < node.Input.Count; i++)
                if (activations.ContainsKey(node.Input[i]))
                    node.Input[i] = node.Input[i] + "/dequantized";

        var ordered = new List<NodeProto>(weightNodes);
        foreach (var input in graph.Input.Where(i => activations.ContainsKey(i.Name)))
            ordered.AddRange(QdqPair(input.Name));
        foreach (var node in graph.Node)
        {
            ordered.Add(node);
            foreach (var output in node.Output.Where(activations.ContainsKey))
                ordered.AddRange(QdqPair(output));
        }
        graph.Node.Clear();
        graph.Node.AddRange(ordered);
    }

    private static IEnumerable<NodeProto> QdqPair(string name)
    {
        var quantize = new NodeProto { OpType = "QuantizeLinear", Name = name + "/quantize" };
        quantize.Input.AddRange(new[] { name, name + "/scale", name + "/zero_point" });
        quantize.Output.Add(name + "/quantized");
        yield return quantize;
        yield return Dequantize(name + "/quantized", name + "/scale", name + "/zero_point", name + "/dequantized", axis: null);
    }

    private static NodeProto Dequantize(string input, string scale, string zeroPoint, string output, int? axis)
    {
        var node = new NodeProto { OpType = "DequantizeLinear", Name = output };
        node.Input.AddRange(new[] { input, scale, zeroPoint });
        node.Output.Add(output);
        if (axis is { } a)
            node.Attribute.Add(new AttributeProto { Name = "axis", Type = AttributeProto.Types.AttributeType.Int, I = a });
        return node;
    }

    /// <summary>Drops the float initializers that only the rewritten nodes read, and value_info of vanished tensors.</summary>
    private static void RemoveUnused(GraphProto graph)
    {
        var read = graph.Node.SelectMany(n => n.Input).ToHashSet(StringComparer.Ordinal);
        var produced = graph.Node.SelectMany(n => n.Output).Concat(graph.Input.Select(i => i.Name)).ToHashSet(StringComparer.Ordinal);
        foreach (var tensor in graph.Initializer.Where(t => !read.Contains(t.Name)).ToList())
        {
            graph.Initializer.Remove(tensor);
            // Older models also list initializers as graph inputs.
            if (graph.Input.FirstOrDefault(i => i.Name == tensor.Name) is { } listed)
                graph.Input.Remove(listed);
        }
        foreach (var info in graph.ValueInfo.Where(v => !produced.Contains(v.Name)).ToList())
            graph.ValueInfo.Remove(info);
    }
}

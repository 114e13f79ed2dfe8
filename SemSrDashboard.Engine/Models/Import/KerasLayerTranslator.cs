using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace SemSrDashboard.Engine.Models.Import;

/// <summary>
/// Translates Keras layers (channels-last) into ONNX nodes on NCHW tensors. Keeps, per layer, the ONNX value
/// that holds its output, its channel count and its spatial scale relative to the network input.
/// </summary>
internal sealed partial class KerasLayerTranslator
{
    /// <summary>Factor of the <c>MultiplyBeta</c> custom layer; the UpscalerJS implementation hard-codes it and
    /// ignores the layer's <c>beta</c> config.</summary>
    public const float MultiplyBetaFactor = 0.2f;

    private readonly OnnxGraphBuilder _graph;
    private readonly TfjsWeightStore _weights;
    private readonly Dictionary<string, Tensor> _outputs = new(StringComparer.Ordinal);
    private string? _betaConstant;

    public KerasLayerTranslator(OnnxGraphBuilder graph, TfjsWeightStore weights)
    {
        _graph = graph;
        _weights = weights;
    }

    /// <summary>An ONNX value holding a layer output: its name, channel count and spatial scale (output side /
    /// network input side).</summary>
    public sealed record Tensor(string Name, int Channels, int Scale);

    /// <summary>Name of the ONNX graph input created by the InputLayer.</summary>
    public const string InputName = "input";

    public Tensor OutputOf(string layerName) =>
        _outputs.TryGetValue(layerName, out var t)
            ? t
            : throw new TfjsImportException($"Layer '{layerName}' is used before it is defined.");

    /// <summary>Adds the ONNX nodes for <paramref name="layer"/>; its inputs must already be translated.</summary>
    public void Translate(TfjsLayer layer)
    {
        var inputs = layer.Inputs.Select(OutputOf).ToList();
        var className = layer.ClassName;
        var result = className switch
        {
            "InputLayer" => Input(layer),
            "Conv2D" => Conv2D(layer, Single(layer, inputs)),
            "Activation" => Activation(layer, Single(layer, inputs), layer.GetString("activation"), layer.Name),
            "Concatenate" => Concatenate(layer, inputs),
            "Add" => Add(layer, inputs),
            "MultiplyBeta" => MultiplyBeta(layer, Single(layer, inputs)),
            "UpSampling2D" => UpSampling2D(layer, Single(layer, inputs)),
            "Lambda" => throw layer.Error("is a Lambda layer; its Python code is not part of model.json and cannot be converted"),
            _ when PixelShufflePattern().Match(className) is { Success: true } m =>
                PixelShuffle(layer, Single(layer, inputs), int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)),
            _ => throw new TfjsImportException(
                $"Unsupported layer type '{className}' (layer '{layer.Name}'). Supported: InputLayer, Conv2D, Activation, " +
                "Concatenate, Add, UpSampling2D (nearest), MultiplyBeta, PixelShuffle<N>x."),
        };
        _outputs[layer.Name] = result;
    }

    [GeneratedRegex(@"^PixelShuffle(\d+)x$")]
    private static partial Regex PixelShufflePattern();

    private Tensor Input(TfjsLayer layer)
    {
        if (_outputs.Values.Any(t => t.Name == InputName))
            throw layer.Error("is a second input; only single-input models are supported");
        var shapeProperty = layer.Config.TryGetProperty("batch_input_shape", out var s) ? s
            : layer.Config.TryGetProperty("batchInputShape", out var s2) ? s2
            : throw layer.Error("has no batch_input_shape");
        if (shapeProperty.ValueKind != JsonValueKind.Array || shapeProperty.GetArrayLength() != 4
            || !shapeProperty[3].TryGetInt32(out var channels) || channels <= 0)
            throw layer.Error($"has input shape {shapeProperty.GetRawText()}; expected [batch, height, width, channels]");
        return new Tensor(InputName, channels, 1);
    }

    private Tensor Conv2D(TfjsLayer layer, Tensor x)
    {
        RequireChannelsLast(layer);
        var filters = layer.GetInt("filters");
        var (kh, kw) = layer.GetPair("kernel_size");
        var (sh, sw) = layer.GetPair("strides", (1, 1));
        var (dh, dw) = layer.GetPair("dilation_rate", (1, 1));
        var groups = layer.Config.TryGetProperty("groups", out var g) && g.ValueKind == JsonValueKind.Number ? g.GetInt32() : 1;
        if (sh != 1 || sw != 1)
            throw layer.Error($"has strides ({sh}, {sw}); only stride 1 is supported");
        if (groups != 1)
            throw layer.Error($"has groups = {groups}; only groups = 1 is supported");
        var padding = layer.GetString("padding");
        long[] pads = padding switch
        {
            // TensorFlow 'same' with stride 1: total padding (k-1)*d, the odd pixel (if any) at the end.
            "same" => SamePads((kh - 1) * dh, (kw - 1) * dw),
            "valid" => [0, 0, 0, 0],
            _ => throw layer.Error($"has padding '{padding}'; only 'same' and 'valid' are supported"),
        };

        var kernel = _weights.Take(layer, layer.Name + "/kernel", kh, kw, x.Channels, filters);
        var inputs = new List<string> { x.Name, _graph.AddInitializer(layer.Name + "/kernel", HwioToOihw(kernel, kh, kw, x.Channels, filters), filters, x.Channels, kh, kw) };
        var useBias = !layer.Config.TryGetProperty("use_bias", out var ub) || ub.ValueKind != JsonValueKind.False;
        if (useBias)
            inputs.Add(_graph.AddInitializer(layer.Name + "/bias", _weights.Take(layer, layer.Name + "/bias", filters), filters));

        var activation = layer.GetOptionalString("activation") ?? "linear";
        var convOut = activation == "linear" ? layer.Name : layer.Name + "/conv";
        _graph.AddNode("Conv", layer.Name, inputs, convOut,
            OnnxGraphBuilder.Ints("kernel_shape", kh, kw),
            OnnxGraphBuilder.Ints("strides", 1, 1),
            OnnxGraphBuilder.Ints("dilations", dh, dw),
            OnnxGraphBuilder.Ints("pads", pads),
            OnnxGraphBuilder.Int("group", 1));
        var conv = new Tensor(convOut, filters, x.Scale);
        return Activation(layer, conv, activation, layer.Name);
    }

    private static long[] SamePads(int totalH, int totalW) =>
        [totalH / 2, totalW / 2, totalH - totalH / 2, totalW - totalW / 2];

    /// <summary>Reorders a Keras kernel [kh, kw, in, out] into ONNX order [out, in, kh, kw].</summary>
    internal static float[] HwioToOihw(float[] hwio, int kh, int kw, int cin, int cout)
    {
        var oihw = new float[hwio.Length];
        for (var h = 0; h < kh; h++)
        for (var w = 0; w < kw; w++)
        for (var i = 0; i < cin; i++)
        for (var o = 0; o < cout; o++)
            oihw[((o * cin + i) * kh + h) * kw + w] = hwio[((h * kw + w) * cin + i) * cout + o];
        return oihw;
    }

    private Tensor Activation(TfjsLayer layer, Tensor x, string activation, string outputName)
    {
        var op = activation switch
        {
            "linear" => null,
            "relu" => "Relu",
            "sigmoid" => "Sigmoid",
            "tanh" => "Tanh",
            _ => throw layer.Error($"uses activation '{activation}'; only linear, relu, sigmoid and tanh are supported"),
        };
        if (op is null)
        {
            if (x.Name == outputName)
                return x;
            return x with { Name = _graph.AddNode("Identity", outputName, [x.Name], outputName) };
        }
        var name = _graph.AddNode(op, outputName + "/" + op, [x.Name], outputName);
        return x with { Name = name };
    }

    private Tensor Concatenate(TfjsLayer layer, IReadOnlyList<Tensor> inputs)
    {
        if (inputs.Count < 2)
            throw layer.Error($"has {inputs.Count} inputs; Concatenate needs at least 2");
        var axis = layer.Config.TryGetProperty("axis", out var a) && a.ValueKind == JsonValueKind.Number ? a.GetInt32() : -1;
        if (axis is not (3 or -1))
            throw layer.Error($"concatenates along axis {axis}; only the channel axis (3 or -1) is supported");
        RequireSameScale(layer, inputs);
        _graph.AddNode("Concat", layer.Name, inputs.Select(t => t.Name), layer.Name, OnnxGraphBuilder.Int("axis", 1));
        return new Tensor(layer.Name, inputs.Sum(t => t.Channels), inputs[0].Scale);
    }

    private Tensor Add(TfjsLayer layer, IReadOnlyList<Tensor> inputs)
    {
        if (inputs.Count < 2)
            throw layer.Error($"has {inputs.Count} inputs; Add needs at least 2");
        if (inputs.Any(t => t.Channels != inputs[0].Channels))
            throw layer.Error($"adds tensors with {string.Join(" and ", inputs.Select(t => t.Channels))} channels");
        RequireSameScale(layer, inputs);
        _graph.AddNode(inputs.Count == 2 ? "Add" : "Sum", layer.Name, inputs.Select(t => t.Name), layer.Name);
        return inputs[0] with { Name = layer.Name };
    }

    private Tensor MultiplyBeta(TfjsLayer layer, Tensor x)
    {
        _betaConstant ??= _graph.AddInitializer("multiply_beta_factor", [MultiplyBetaFactor]);
        _graph.AddNode("Mul", layer.Name, [x.Name, _betaConstant], layer.Name);
        return x with { Name = layer.Name };
    }

    private Tensor PixelShuffle(TfjsLayer layer, Tensor x, int blockSize)
    {
        if (layer.Config.TryGetProperty("scale", out var s) && s.TryGetInt32(out var scale) && scale != blockSize)
            throw layer.Error($"has config scale {scale}, which contradicts its class name");
        if (blockSize < 1 || x.Channels % (blockSize * blockSize) != 0)
            throw layer.Error($"cannot shuffle {x.Channels} channels into {blockSize}x{blockSize} blocks");
        // tf.depthToSpace(x, n, 'NHWC') takes channel (dy*n + dx)*C + c to pixel (dy, dx), channel c:
        // exactly ONNX DepthToSpace in DCR mode.
        _graph.AddNode("DepthToSpace", layer.Name, [x.Name], layer.Name,
            OnnxGraphBuilder.Int("blocksize", blockSize), OnnxGraphBuilder.String("mode", "DCR"));
        return new Tensor(layer.Name, x.Channels / (blockSize * blockSize), x.Scale * blockSize);
    }

    private Tensor UpSampling2D(TfjsLayer layer, Tensor x)
    {
        RequireChannelsLast(layer);
        var (sh, sw) = layer.GetPair("size", (2, 2));
        var interpolation = layer.GetOptionalString("interpolation") ?? "nearest";
        if (interpolation != "nearest")
            throw layer.Error($"uses interpolation '{interpolation}'; only 'nearest' is supported");
        if (sh != sw)
            throw layer.Error($"has size ({sh}, {sw}); only equal height and width factors are supported");
        var scales = _graph.AddInitializer(layer.Name + "/scales", [1f, 1f, sh, sw], 4);
        // Keras nearest upsampling repeats each pixel: output (y, x) = input (floor(y/s), floor(x/s)).
        _graph.AddNode("Resize", layer.Name, [x.Name, "", scales], layer.Name,
            OnnxGraphBuilder.String("mode", "nearest"),
            OnnxGraphBuilder.String("coordinate_transformation_mode", "asymmetric"),
            OnnxGraphBuilder.String("nearest_mode", "floor"));
        return new Tensor(layer.Name, x.Channels, x.Scale * sh);
    }

    private static Tensor Single(TfjsLayer layer, IReadOnlyList<Tensor> inputs) =>
        inputs.Count == 1 ? inputs[0] : throw layer.Error($"has {inputs.Count} inputs; expected 1");

    private static void RequireChannelsLast(TfjsLayer layer)
    {
        var format = layer.GetOptionalString("data_format") ?? "channels_last";
        if (format != "channels_last")
            throw layer.Error($"uses data_format '{format}'; only channels_last is supported");
    }

    private static void RequireSameScale(TfjsLayer layer, IReadOnlyList<Tensor> inputs)
    {
        if (inputs.Any(t => t.Scale != inputs[0].Scale))
            throw layer.Error("combines tensors of different spatial sizes");
    }
}

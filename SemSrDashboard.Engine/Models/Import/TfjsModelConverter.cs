using System.Reflection;
using System.Text.RegularExpressions;
using Google.Protobuf;
using Onnx;

namespace SemSrDashboard.Engine.Models.Import;

/// <summary>
/// Converts a TensorFlow.js layers-model (Keras functional topology in <c>model.json</c> plus float32 weight
/// shards) into an ONNX model with NCHW float32 input <c>input</c> [1,C,H,W] and output <c>output</c>
/// [1,C,sH,sW] (H, W dynamic), and writes it together with its <see cref="ModelCard"/>.
/// </summary>
public static partial class TfjsModelConverter
{
    /// <summary>ONNX operator set the converted models use.</summary>
    public const int OpsetVersion = 13;

    /// <summary>ONNX IR version written (7, as released with ONNX 1.8 together with opset 13).</summary>
    public const int IrVersion = 7;

    /// <summary>
    /// Converts <paramref name="modelJsonPath"/> to <c>&lt;outDir&gt;/&lt;id&gt;.onnx</c> and writes
    /// <c>&lt;outDir&gt;/&lt;id&gt;.card.json</c>. Both files are written to temporary names first and moved into
    /// place only when everything succeeded, so a failed conversion leaves the folder untouched.
    /// </summary>
    /// <returns>The card that was written.</returns>
    /// <exception cref="TfjsImportException">The model cannot be converted (the message names the problem).</exception>
    public static ModelCard Convert(string modelJsonPath, string id, string outDir, TfjsImportOptions? options = null)
    {
        if (!IdPattern().IsMatch(id))
            throw new ArgumentException($"Model id '{id}' must be lower-case letters, digits, '.', '_' or '-'.", nameof(id));
        var model = TfjsModelJson.Load(modelJsonPath);
        var converted = Build(model, TfjsWeightStore.Load(model), id);
        var bytes = converted.Model.ToByteArray();
        var card = MakeCard(model.Path, id, converted, ModelFiles.Sha256(bytes), options ?? new());
        card.Validate();
        ModelFiles.Write(outDir, card, bytes);
        return card;
    }

    /// <summary>Builds the ONNX model in memory.</summary>
    /// <exception cref="TfjsImportException">Unsupported layer, missing or surplus weights, bad topology.</exception>
    public static ConvertedModel Build(TfjsModelJson model, TfjsWeightStore weights, string graphName)
    {
        var graph = new OnnxGraphBuilder(graphName);
        var translator = new KerasLayerTranslator(graph, weights);
        foreach (var layer in TopologicalOrder(model.Layers))
            translator.Translate(layer);

        if (model.InputLayers.Count != 1 || model.OutputLayers.Count != 1)
            throw new TfjsImportException(
                $"The model has {model.InputLayers.Count} inputs and {model.OutputLayers.Count} outputs; expected 1 and 1.");
        var input = translator.OutputOf(model.InputLayers[0]);
        if (input.Name != KerasLayerTranslator.InputName)
            throw new TfjsImportException($"Model input '{model.InputLayers[0]}' is not an InputLayer.");
        var output = translator.OutputOf(model.OutputLayers[0]);
        if (output.Channels != input.Channels)
            throw new TfjsImportException(
                $"The output '{model.OutputLayers[0]}' has {output.Channels} channels but the input has {input.Channels}.");
        graph.AddNode("Identity", "output", [output.Name], "output");
        graph.AddInput(KerasLayerTranslator.InputName, input.Channels, "height", "width");
        graph.AddOutput("output", output.Channels, "out_height", "out_width");

        var unused = weights.Unused();
        if (unused.Count > 0)
            throw new TfjsImportException(
                $"{unused.Count} weight(s) in the manifest belong to no layer of the topology, e.g. '{unused[0]}'.");

        var proto = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "SemSrDashboard",
            ProducerVersion = typeof(TfjsModelConverter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()
                ?.InformationalVersion.Split('+')[0] ?? "0",
            DocString = $"Converted from TensorFlow.js layers-model ({model.GeneratedBy ?? "unknown Keras"}).",
            Graph = graph.Graph,
        };
        proto.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = OpsetVersion });
        return new ConvertedModel(proto, input.Channels, output.Scale, weights.ParameterCount);
    }

    private static ModelCard MakeCard(string modelJsonPath, string id, ConvertedModel converted, string sha256,
        TfjsImportOptions options)
    {
        var package = NpmPackageInfo.Find(modelJsonPath);
        var known = KnownTfjsModels.Find(options.SourcePackage ?? package?.Name);
        var inputRange = options.InputRange ?? known?.InputRange;
        var outputRange = options.OutputRange ?? known?.OutputRange;
        var inferred = inputRange is null || outputRange is null;
        var notes = options.Notes ?? known?.Notes ?? "";
        if (inferred)
            notes = ("Input/output ranges were not given and default to [0, 1]; verify them against a sample " +
                     "output of the original model. " + notes).Trim();
        return new ModelCard(
            Id: id,
            DisplayName: options.DisplayName ?? known?.DisplayName ?? id,
            Architecture: options.Architecture ?? known?.Architecture ?? "unknown",
            Scale: converted.Scale,
            Channels: converted.Channels,
            InputRange: inputRange ?? [0, 1],
            OutputRange: outputRange ?? [0, 1],
            TrainingData: options.TrainingData ?? known?.TrainingData ?? "unknown",
            ParameterCount: converted.ParameterCount,
            SourcePackage: options.SourcePackage ?? package?.Name
                ?? Path.GetFileName(Path.GetDirectoryName(Path.GetFullPath(modelJsonPath))) + "/model.json",
            SourceVersion: options.SourceVersion ?? package?.Version ?? "",
            Licence: options.Licence ?? package?.License ?? "unknown",
            Sha256: sha256,
            Notes: notes,
            Inferred: inferred);
    }

    /// <summary>Orders layers so that every layer comes after the layers it reads (stable for already ordered input).</summary>
    private static List<TfjsLayer> TopologicalOrder(IReadOnlyList<TfjsLayer> layers)
    {
        var byName = new Dictionary<string, TfjsLayer>(StringComparer.Ordinal);
        foreach (var layer in layers)
            if (!byName.TryAdd(layer.Name, layer))
                throw new TfjsImportException($"Two layers are named '{layer.Name}'.");
        var order = new List<TfjsLayer>(layers.Count);
        var state = new Dictionary<string, bool>(StringComparer.Ordinal); // false = visiting, true = done
        foreach (var layer in layers)
            Visit(layer);
        return order;

        void Visit(TfjsLayer layer)
        {
            if (state.TryGetValue(layer.Name, out var done))
            {
                if (!done)
                    throw new TfjsImportException($"The topology has a cycle through layer '{layer.Name}'.");
                return;
            }
            state[layer.Name] = false;
            foreach (var input in layer.Inputs)
                Visit(byName.TryGetValue(input, out var source)
                    ? source
                    : throw layer.Error($"reads from '{input}', which is not a layer of the model"));
            state[layer.Name] = true;
            order.Add(layer);
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex IdPattern();
}

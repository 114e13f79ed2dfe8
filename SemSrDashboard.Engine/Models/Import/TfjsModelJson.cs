using System.Text.Json;

namespace SemSrDashboard.Engine.Models.Import;

/// <summary>The parsed content of a TensorFlow.js layers-model <c>model.json</c> (Keras functional model).</summary>
public sealed class TfjsModelJson
{
    private TfjsModelJson(string path, string? generatedBy, IReadOnlyList<TfjsLayer> layers,
        IReadOnlyList<string> inputLayers, IReadOnlyList<string> outputLayers, IReadOnlyList<TfjsWeightGroup> weightGroups)
    {
        Path = path;
        GeneratedBy = generatedBy;
        Layers = layers;
        InputLayers = inputLayers;
        OutputLayers = outputLayers;
        WeightGroups = weightGroups;
    }

    /// <summary>Full path of the model.json file; shard paths are relative to its folder.</summary>
    public string Path { get; }

    /// <summary>The <c>generatedBy</c> field (e.g. <c>keras v2.10.0</c>), if present.</summary>
    public string? GeneratedBy { get; }

    public IReadOnlyList<TfjsLayer> Layers { get; }
    public IReadOnlyList<string> InputLayers { get; }
    public IReadOnlyList<string> OutputLayers { get; }
    public IReadOnlyList<TfjsWeightGroup> WeightGroups { get; }

    /// <summary>Reads and parses a model.json file.</summary>
    /// <exception cref="TfjsImportException">The file is missing, not JSON, or not a Keras functional layers-model.</exception>
    public static TfjsModelJson Load(string modelJsonPath)
    {
        var full = System.IO.Path.GetFullPath(modelJsonPath);
        if (!File.Exists(full))
            throw new TfjsImportException($"model.json not found: {full}");
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(full));
            return Parse(full, doc.RootElement.Clone());
        }
        catch (JsonException ex)
        {
            throw new TfjsImportException($"{full} is not valid JSON: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or IndexOutOfRangeException)
        {
            throw new TfjsImportException($"{full} is not a well-formed layers-model: {ex.Message}", ex);
        }
    }

    private static TfjsModelJson Parse(string path, JsonElement root)
    {
        if (root.TryGetProperty("format", out var format) && format.GetString() is { } f && f != "layers-model")
            throw new TfjsImportException($"{path}: format is '{f}'; only TensorFlow.js layers-models are supported.");
        var topology = Required(root, "modelTopology", path);
        var modelConfig = topology.TryGetProperty("model_config", out var mc) ? mc : topology;
        var className = modelConfig.TryGetProperty("class_name", out var cn) ? cn.GetString() : null;
        if (className is not ("Functional" or "Model"))
            throw new TfjsImportException(
                $"{path}: model class is '{className}'; only Keras functional models (Functional/Model) are supported.");
        var config = Required(modelConfig, "config", path);

        var layers = new List<TfjsLayer>();
        foreach (var layer in Required(config, "layers", path).EnumerateArray())
            layers.Add(ParseLayer(layer, path));

        var weightGroups = new List<TfjsWeightGroup>();
        if (root.TryGetProperty("weightsManifest", out var manifest) && manifest.ValueKind == JsonValueKind.Array)
        {
            foreach (var group in manifest.EnumerateArray())
            {
                var paths = Required(group, "paths", path).EnumerateArray().Select(p => p.GetString() ?? "").ToList();
                var specs = Required(group, "weights", path).EnumerateArray().Select(w => ParseWeightSpec(w, path)).ToList();
                weightGroups.Add(new TfjsWeightGroup(paths, specs));
            }
        }

        return new TfjsModelJson(path,
            root.TryGetProperty("generatedBy", out var gb) ? gb.GetString() : null,
            layers,
            TensorRefs(Required(config, "input_layers", path)),
            TensorRefs(Required(config, "output_layers", path)),
            weightGroups);
    }

    private static TfjsLayer ParseLayer(JsonElement layer, string path)
    {
        var className = Required(layer, "class_name", path).GetString() ?? "";
        var config = Required(layer, "config", path);
        var name = layer.TryGetProperty("name", out var n) ? n.GetString() : null;
        name ??= config.TryGetProperty("name", out var cn) ? cn.GetString() : null;
        if (string.IsNullOrEmpty(name))
            throw new TfjsImportException($"{path}: a {className} layer has no name.");

        var inputs = new List<string>();
        if (layer.TryGetProperty("inbound_nodes", out var inbound) && inbound.ValueKind == JsonValueKind.Array)
        {
            if (inbound.GetArrayLength() > 1)
                throw new TfjsImportException(
                    $"Layer '{name}' ({className}) is called {inbound.GetArrayLength()} times; shared layers are not supported.");
            foreach (var node in inbound.EnumerateArray())
            {
                if (node.ValueKind != JsonValueKind.Array)
                    throw new TfjsImportException(
                        $"Layer '{name}' ({className}) has inbound nodes in an unsupported (non Keras 2) format.");
                foreach (var tensor in node.EnumerateArray())
                {
                    if (tensor.ValueKind != JsonValueKind.Array || tensor.GetArrayLength() < 3
                        || tensor[0].GetString() is not { } source)
                        throw new TfjsImportException($"Layer '{name}' ({className}) has a malformed inbound node.");
                    if (tensor[1].GetInt32() != 0 || tensor[2].GetInt32() != 0)
                        throw new TfjsImportException(
                            $"Layer '{name}' ({className}) uses output {tensor[1]}/{tensor[2]} of '{source}'; only single-output layers are supported.");
                    inputs.Add(source);
                }
            }
        }
        return new TfjsLayer(className, name, config, inputs);
    }

    private static TfjsWeightSpec ParseWeightSpec(JsonElement w, string path)
    {
        var name = Required(w, "name", path).GetString() ?? "";
        if (w.TryGetProperty("quantization", out var q) && q.ValueKind != JsonValueKind.Null)
            throw new TfjsImportException($"{path}: weight '{name}' is quantised; only float32 weights are supported.");
        var dtype = w.TryGetProperty("dtype", out var d) ? d.GetString() ?? "float32" : "float32";
        var shape = Required(w, "shape", path).EnumerateArray().Select(s => s.GetInt32()).ToArray();
        if (shape.Any(s => s < 0))
            throw new TfjsImportException($"{path}: weight '{name}' has a negative dimension.");
        return new TfjsWeightSpec(name, shape, dtype);
    }

    private static List<string> TensorRefs(JsonElement refs) =>
        refs.EnumerateArray().Select(r => r[0].GetString() ?? "").ToList();

    private static JsonElement Required(JsonElement e, string property, string path) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(property, out var v)
            ? v
            : throw new TfjsImportException($"{path}: missing '{property}'.");
}

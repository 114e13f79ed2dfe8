using System.Text.Json;

namespace SemSrDashboard.Engine.Models.Import;

/// <summary>One layer of a Keras functional model as stored in a TensorFlow.js model.json.</summary>
/// <param name="ClassName">Keras class name, e.g. <c>Conv2D</c> or a custom one such as <c>MultiplyBeta</c>.</param>
/// <param name="Name">Unique layer name (also the prefix of its weight names).</param>
/// <param name="Config">The layer's <c>config</c> object.</param>
/// <param name="Inputs">Names of the layers whose (first) output feeds this layer, in order.</param>
public sealed record TfjsLayer(string ClassName, string Name, JsonElement Config, IReadOnlyList<string> Inputs)
{
    /// <summary>A required string property of <see cref="Config"/>.</summary>
    public string GetString(string property) =>
        Config.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw Error($"has no string '{property}' in its config");

    /// <summary>An optional string property of <see cref="Config"/>.</summary>
    public string? GetOptionalString(string property) =>
        Config.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>A required integer property of <see cref="Config"/>.</summary>
    public int GetInt(string property) =>
        Config.TryGetProperty(property, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i)
            ? i
            : throw Error($"has no integer '{property}' in its config");

    /// <summary>An integer pair such as <c>kernel_size</c>; a single number is repeated.</summary>
    public (int A, int B) GetPair(string property, (int, int)? fallback = null)
    {
        if (!Config.TryGetProperty(property, out var v) || v.ValueKind == JsonValueKind.Null)
            return fallback ?? throw Error($"has no '{property}' in its config");
        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var single))
            return (single, single);
        if (v.ValueKind == JsonValueKind.Array && v.GetArrayLength() == 2
            && v[0].TryGetInt32(out var a) && v[1].TryGetInt32(out var b))
            return (a, b);
        throw Error($"has an invalid '{property}' ({v.GetRawText()}); expected two integers");
    }

    /// <summary>An exception that names this layer.</summary>
    public TfjsImportException Error(string problem) =>
        new($"Layer '{Name}' ({ClassName}) {problem}.");
}

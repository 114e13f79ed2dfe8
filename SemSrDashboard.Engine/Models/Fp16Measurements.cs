namespace SemSrDashboard.Engine.Models;

/// <summary>The accuracy change of the float16 variants of the bundled models, as measured (see the "fp16 variants"
/// section of docs/model-card.md). Keyed by the source file's sha256, so other weights are never described by it.</summary>
internal static class Fp16Measurements
{
    private static readonly Dictionary<string, string> BySourceSha256 = new(StringComparer.OrdinalIgnoreCase)
    {
    };

    /// <summary>What was measured for the float16 variant of <paramref name="source"/>.</summary>
    public static string Describe(ModelCard source) =>
        BySourceSha256.TryGetValue(source.Sha256, out var measured)
            ? measured
            : $"Accuracy change not measured for these weights: compare the two with evaluate --methods " +
              $"{source.Id},{Fp16ModelConverter.VariantId(source.Id)}. " +
              "Speed must be measured on a GPU (ONNX Runtime's CPU provider computes float16 ops in float32 between casts).";
}

namespace SemSrDashboard.Engine.Models;

/// <summary>The accuracy change of the float16 variants of the bundled models, as measured (see the "fp16 variants"
/// section of docs/model-card.md). Keyed by the source file's sha256, so other weights are never described by it.</summary>
internal static class Fp16Measurements
{
    private static readonly Dictionary<string, string> BySourceSha256 = new(StringComparer.OrdinalIgnoreCase)
    {
        ["ab7c38e5fba84dee6400284fe459bfab03332e4dc0bb64b842a49edd9ffd0715"] = Measured("rdn-slim-x4",
            "max |dPSNR| 0.0074 dB (mean +0.0018), max |dSSIM| 5.7e-5, 1.00 % of output grey levels differ, by at most 1"),
        ["cb691a27dc772118e5014e5d4f760a9fb70ce624abc982cb5d0cacdc8735cb1b"] = Measured("rdn-medium-x4",
            "max |dPSNR| 0.0026 dB (mean -0.0007), max |dSSIM| 6.5e-5, 0.70 % of output grey levels differ, by at most 1"),
        ["c2b9328288ed06e05151140b6373b29873e86febf6d9a9a55012eee49a52638d"] = Measured("rrdn-thick-x4",
            "max |dPSNR| 0.0023 dB (mean -0.0006), max |dSSIM| 9.9e-5, 1.65 % of output grey levels differ, by at most 1"),
    };

    private static string Measured(string id, string figures) =>
        $"Measured against {id} on the 9 demo images (degraded 4x with INTER_AREA, standard protocol, ONNX Runtime 1.31 " +
        $"CPU, whose optimiser keeps the activations float32, so this is the effect of float16 weights): {figures}. " +
        "Speed and the effect of float16 activations must be measured on a GPU.";

    /// <summary>What was measured for the float16 variant of <paramref name="source"/>.</summary>
    public static string Describe(ModelCard source) =>
        BySourceSha256.TryGetValue(source.Sha256, out var measured)
            ? measured
            : $"Accuracy change not measured for these weights: compare the two with evaluate --methods " +
              $"{source.Id},{Fp16ModelConverter.VariantId(source.Id)}. " +
              "Speed must be measured on a GPU (ONNX Runtime's CPU provider computes float16 ops in float32 between casts).";
}

namespace SemSrDashboard.Engine.Models.Import;

/// <summary>
/// Card fields of the UpscalerJS ESRGAN x4 packages, with input/output ranges that were checked against each
/// package's shipped sample (<c>assets/fixture.png</c> → <c>assets/samples/4x/result.png</c>).
/// </summary>
public static class KnownTfjsModels
{
    private const string TrainingData = "DIV2K (idealo image-super-resolution weights, no artefact-reduction or sharpening)";

    private const string ConversionNote =
        "Converted from the TensorFlow.js layers-model models/x4/model.json with SemSrDashboard's TfjsModelConverter " +
        "(NCHW, opset 13; MultiplyBeta = Mul 0.2 as in the package's JavaScript, PixelShuffle4x = DepthToSpace DCR, " +
        "UpSampling2D = Resize nearest/asymmetric/floor). Matches TensorFlow.js 4.11 (CPU backend) within 0.01 grey " +
        "levels on the test crops. Feed grey SEM images replicated to RGB; clip the output to outputRange.";

    private static string RangeNote(string declared, string other, double declaredPsnr, double otherPsnr) =>
        $"Ranges: the package's dist/cjs/packages/shared/src/esrgan/esrgan.js declares inputRange/outputRange {declared} " +
        $"for this architecture. Checked by running the converted network on the package's assets/fixture.png " +
        $"(128x128) and comparing with its assets/samples/4x/result.png: inputs scaled to {declared} with the output " +
        $"read (clipped) in {declared} reproduce the sample at PSNR {declaredPsnr:F1} dB (identical up to a few 8-bit " +
        $"rounding steps), whereas {other} in and out gives only {otherPsnr:F1} dB (the conv/ReLU network is nearly " +
        "scale-equivariant, so the wrong range still yields a plausible image, but not the published one). ";

    /// <summary>Known packages by npm name.</summary>
    public static IReadOnlyDictionary<string, KnownTfjsModel> All { get; } = new Dictionary<string, KnownTfjsModel>
    {
        ["@upscalerjs/esrgan-thick"] = new("@upscalerjs/esrgan-thick", "ESRGAN thick ×4 (RRDN, UpscalerJS)", "RRDN",
            TrainingData, [0, 1], [0, 1],
            RangeNote("[0, 1]", "[0, 255]", 95.05, 39.42) + "RRDN: C=4, D=3, G=32, G0=64, T=10, pixel-shuffle upsampling. " + ConversionNote),
        ["@upscalerjs/esrgan-medium"] = new("@upscalerjs/esrgan-medium", "ESRGAN medium ×4 (RDN, UpscalerJS)", "RDN",
            TrainingData, [0, 255], [0, 255],
            RangeNote("[0, 255]", "[0, 1]", 92.62, 40.81) + "RDN: C=1, D=10, G=64, G0=64, nearest-neighbour upsampling. " + ConversionNote),
        ["@upscalerjs/esrgan-slim"] = new("@upscalerjs/esrgan-slim", "ESRGAN slim ×4 (RDN, UpscalerJS)", "RDN",
            TrainingData, [0, 255], [0, 255],
            RangeNote("[0, 255]", "[0, 1]", 92.62, 43.40) + "RDN: C=1, D=2, G=4, G0=64, nearest-neighbour upsampling. " + ConversionNote),
    };

    /// <summary>The known description of <paramref name="packageName"/>, or null.</summary>
    public static KnownTfjsModel? Find(string? packageName) =>
        packageName is not null && All.TryGetValue(packageName, out var m) ? m : null;
}

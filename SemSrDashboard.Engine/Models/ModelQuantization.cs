using System.Text.Json.Serialization;

namespace SemSrDashboard.Engine.Models;

/// <summary>How an int8 variant was made and what it costs in accuracy: held in the card's <c>quantization</c> field
/// (absent on other models); field names are snake_case, as documented in docs/model-card.md.</summary>
/// <param name="BaseId">Id of the float32 model that was quantised.</param>
/// <param name="BaseSha256">SHA-256 of the float32 model's ONNX file.</param>
/// <param name="Method">The scheme in words: operators, data types, granularity, calibration.</param>
/// <param name="DataFolder">Absolute path of the calibration folder.</param>
/// <param name="CalibrationImages">Images whose patches set the activation ranges: paths relative to
/// <paramref name="DataFolder"/>, '/'-separated.</param>
/// <param name="HeldOutImages">Images never used for calibration, on which the PSNR figures were measured; disjoint
/// from <paramref name="CalibrationImages"/>.</param>
/// <param name="Patch">Side of a calibration patch in low-resolution pixels.</param>
/// <param name="Patches">Calibration patches run through the float32 model.</param>
/// <param name="Convolutions">Convolutions quantised.</param>
/// <param name="PsnrFloat32">Mean PSNR (dB) of the float32 model over the held-out images.</param>
/// <param name="PsnrInt8">Mean PSNR (dB) of the int8 variant over the same images.</param>
/// <param name="DeltaPsnrMean">Mean of int8 − float32 PSNR per held-out image, dB.</param>
/// <param name="DeltaPsnrWorst">Smallest (most negative) per-image int8 − float32 PSNR, dB.</param>
/// <param name="Libraries">Versions of the libraries that calibrated and measured the variant.</param>
public sealed record ModelQuantization(
    [property: JsonPropertyName("base_id")] string BaseId,
    [property: JsonPropertyName("base_sha256")] string BaseSha256,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("data_folder")] string DataFolder,
    [property: JsonPropertyName("calibration_images")] IReadOnlyList<string> CalibrationImages,
    [property: JsonPropertyName("held_out_images")] IReadOnlyList<string> HeldOutImages,
    [property: JsonPropertyName("patch")] int Patch,
    [property: JsonPropertyName("patches")] int Patches,
    [property: JsonPropertyName("convolutions")] int Convolutions,
    [property: JsonPropertyName("psnr_float32_db")] double PsnrFloat32,
    [property: JsonPropertyName("psnr_int8_db")] double PsnrInt8,
    [property: JsonPropertyName("delta_psnr_mean_db")] double DeltaPsnrMean,
    [property: JsonPropertyName("delta_psnr_worst_db")] double DeltaPsnrWorst,
    [property: JsonPropertyName("libraries")] IReadOnlyDictionary<string, string> Libraries)
{
    /// <summary>Value equality, comparing the lists and the library versions element by element.</summary>
    public bool Equals(ModelQuantization? other) =>
        other is not null
        && BaseId == other.BaseId && BaseSha256 == other.BaseSha256 && Method == other.Method && DataFolder == other.DataFolder
        && CalibrationImages.SequenceEqual(other.CalibrationImages) && HeldOutImages.SequenceEqual(other.HeldOutImages)
        && Patch == other.Patch && Patches == other.Patches && Convolutions == other.Convolutions
        && PsnrFloat32.Equals(other.PsnrFloat32) && PsnrInt8.Equals(other.PsnrInt8)
        && DeltaPsnrMean.Equals(other.DeltaPsnrMean) && DeltaPsnrWorst.Equals(other.DeltaPsnrWorst)
        && Libraries.Count == other.Libraries.Count
        && Libraries.All(pair => other.Libraries.TryGetValue(pair.Key, out var version) && version == pair.Value);

    public override int GetHashCode() => HashCode.Combine(BaseId, BaseSha256, DataFolder, Patches);
}

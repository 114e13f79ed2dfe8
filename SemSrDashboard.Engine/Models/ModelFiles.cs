using System.Security.Cryptography;

namespace SemSrDashboard.Engine.Models;

/// <summary>Writes a model's ONNX file and card into a model folder, as the registry expects to find them.</summary>
public static class ModelFiles
{
    /// <summary>Lower-case hex SHA-256 of a model's bytes, as a card's <c>sha256</c> holds it.</summary>
    public static string Sha256(byte[] onnx) => Convert.ToHexStringLower(SHA256.HashData(onnx));

    /// <summary>Writes <c>&lt;id&gt;.onnx</c> and its card into <paramref name="outDir"/>: both go to temporary files
    /// first and are moved into place only when both were written, so a failure leaves the folder as it was.</summary>
    public static void Write(string outDir, ModelCard card, byte[] onnx)
    {
        Directory.CreateDirectory(outDir);
        var onnxPath = Path.Combine(outDir, card.Id + ".onnx");
        var cardPath = Path.Combine(outDir, ModelCard.FileNameFor(card.Id));
        var suffix = $".{Guid.NewGuid():N}.tmp";
        try
        {
            File.WriteAllBytes(onnxPath + suffix, onnx);
            File.WriteAllText(cardPath + suffix, card.ToJson());
            File.Move(onnxPath + suffix, onnxPath, overwrite: true);
            File.Move(cardPath + suffix, cardPath, overwrite: true);
        }
        finally
        {
            File.Delete(onnxPath + suffix);
            File.Delete(cardPath + suffix);
        }
    }
}

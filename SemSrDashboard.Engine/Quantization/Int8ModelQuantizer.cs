using System.Reflection;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Onnx;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Training;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Engine.Quantization;

/// <summary>Makes the int8 (QDQ) variant of a registered float32 model, calibrated on a lab's own images: prepares
/// the images (<see cref="CalibrationSet"/>), collects activation ranges on calibration patches
/// (<see cref="RangeCollector"/>), rewrites the graph (<see cref="QdqGraphRewriter"/>), measures PSNR of both models
/// on the held-out images through the engine's upsampler, and writes <c>&lt;id&gt;-int8.onnx</c> with its card.</summary>
public static class Int8ModelQuantizer
{
    /// <summary>Suffix of the variant's id: <c>rdn-slim-x4</c> → <c>rdn-slim-x4-int8</c>.</summary>
    public const string IdSuffix = "-int8";

    /// <summary>Default number of images selected from the calibration folder.</summary>
    public const int DefaultImages = 16;

    /// <summary>The scheme as the card states it.</summary>
    public const string Method =
        "static QDQ (QuantizeLinear/DequantizeLinear) around every Conv: activations uint8 asymmetric per tensor " +
        "from min/max calibration ranges, weights int8 symmetric per output channel ([-127, 127], zero point 0), " +
        "biases int32 at input scale × weight scale; a Relu that alone reads a Conv output is folded into its " +
        "quantisation; the final Conv keeps a float32 output; other operators float32. ONNX Runtime's CPU provider " +
        "fuses each DQ-Conv-Q group into QLinearConv (U8S8).";

    /// <summary>Id of the variant of <paramref name="id"/>.</summary>
    public static string VariantId(string id) => id + IdSuffix;

    /// <summary>Calibrates, measures and writes the variant of <paramref name="source"/> into
    /// <paramref name="outDir"/>; <paramref name="progress"/> gets one line per stage.</summary>
    /// <exception cref="QuantizationException">The model or the calibration folder cannot be used.</exception>
    public static ModelCard QuantizeFile(RegisteredModel source, string calibrationFolder, int images, string outDir,
        TextWriter? progress = null)
    {
        var set = CalibrationSet.Prepare(calibrationFolder, images, source.Card.Scale, FileImageDecoder.Instance);
        foreach (var unusable in set.Unusable)
            progress?.WriteLine($"skipped {unusable.RelativePath}: {unusable.Reason}");
        progress?.WriteLine($"calibrating on {set.Calibration.Count} images, holding out {set.HeldOut.Count}");

        var model = ParseModel(source.OnnxPath);
        var patches = set.Patches(source.Card).ToList();
        var ranges = RangeCollector.Collect(model, QdqGraphRewriter.CalibrationTensors(model), patches);
        var (quantized, summary) = QdqGraphRewriter.Rewrite(model, ranges);
        var bytes = quantized.ToByteArray();
        progress?.WriteLine($"quantised {summary.Convolutions} convolutions ({summary.FoldedRelus} Relus folded) from {patches.Count} patches; measuring held-out images");

        var accuracy = MeasureHeldOut(source, bytes, set.HeldOut);
        var quantization = new ModelQuantization(
            source.Id, source.Card.Sha256, Method, Path.GetFullPath(calibrationFolder),
            [.. set.Calibration.Select(i => i.RelativePath)], [.. set.HeldOut.Select(i => i.RelativePath)],
            CalibrationSet.PatchSide, patches.Count, summary.Convolutions,
            accuracy.Float32.Average(), accuracy.Int8.Average(),
            accuracy.Int8.Zip(accuracy.Float32, (q, f) => q - f).Average(),
            accuracy.Int8.Zip(accuracy.Float32, (q, f) => q - f).Min(),
            new Dictionary<string, string>
            {
                ["onnxruntime"] = typeof(InferenceSession).Assembly.GetName().Version?.ToString(3) ?? "unknown",
                ["application"] = typeof(Int8ModelQuantizer).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()
                    ?.InformationalVersion.Split('+')[0] ?? "unknown",
            });
        var card = CardFor(source.Card, ModelFiles.Sha256(bytes), quantization);
        card.Validate();
        ModelFiles.Write(outDir, card, bytes);
        return card;
    }

    /// <summary>The variant's card: the source card with the new id, name, sha256, notes and quantisation record.</summary>
    public static ModelCard CardFor(ModelCard source, string sha256, ModelQuantization quantization) => source with
    {
        Id = VariantId(source.Id),
        DisplayName = source.DisplayName + " (int8)",
        Sha256 = sha256,
        Lineage = null,
        Quantization = quantization,
        Notes = $"Int8 QDQ variant of {source.Id} (sha256 {source.Sha256}) by SemSrDashboard's Int8ModelQuantizer, " +
                $"calibrated on {quantization.CalibrationImages.Count} images of {quantization.DataFolder}; held-out PSNR " +
                $"int8 − float32: {quantization.DeltaPsnrMean:+0.000;-0.000} dB mean, {quantization.DeltaPsnrWorst:+0.000;-0.000} dB " +
                "worst image (see the quantization field). Notes of " + source.Id + ": " + source.Notes,
    };

    private static ModelProto ParseModel(string path)
    {
        try
        {
            return ModelProto.Parser.ParseFrom(File.ReadAllBytes(path));
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new QuantizationException($"not an ONNX model: {e.Message}");
        }
    }

    /// <summary>PSNR (dB) of the float32 model and of the variant on each held-out image, run on the CPU through the
    /// engine's upsampler with its default tiling.</summary>
    private static (List<double> Float32, List<double> Int8) MeasureHeldOut(RegisteredModel source, byte[] int8,
        IReadOnlyList<TrainingImage> heldOut)
    {
        string temp = Path.Combine(Path.GetTempPath(), $"semsr-int8-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(temp, int8);
        try
        {
            using var float32 = OnnxUpsampler.Open(source.OnnxPath, source.Card, Devices.Cpu);
            using var quantized = OnnxUpsampler.Open(temp, source.Card with { Id = VariantId(source.Id) }, Devices.Cpu);
            var result = (new List<double>(), new List<double>());
            foreach (var image in heldOut)
            {
                result.Item1.Add(Psnr.Compute(image.HighResolution, float32.Upsample(image.LowResolution, source.Card.Scale)));
                result.Item2.Add(Psnr.Compute(image.HighResolution, quantized.Upsample(image.LowResolution, source.Card.Scale)));
            }
            return result;
        }
        finally
        {
            File.Delete(temp);
        }
    }
}

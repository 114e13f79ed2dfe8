using System.CommandLine;
using SemSrDashboard.Engine;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Quantization;

namespace SemSrDashboard.Cli;

/// <summary><c>models int8 ID --calibrate DIR</c>: writes <c>ID-int8.onnx</c>, a statically quantised (QDQ) variant
/// calibrated on the lab's images, with a card that records the calibration data, the method and the held-out
/// accuracy change (<see cref="Int8ModelQuantizer"/>).</summary>
public static class ModelsInt8Command
{
    /// <param name="messages">Standard error: progress, the held-out accuracy change and the confirmation.</param>
    public static Command Create(TextWriter messages)
    {
        var id = new Argument<string>("id") { Description = "Id of a float32 model on offer (see models list)" };
        var calibrate = new Option<string>("--calibrate")
        {
            Description = "Folder of the lab's images (as for evaluate); every 4th selected image is held out to measure the accuracy change",
            Required = true,
        };
        var images = new Option<int>("--images")
        {
            Description = "Images selected from the folder, spread over its scan order",
            DefaultValueFactory = _ => Int8ModelQuantizer.DefaultImages,
        };
        var outDir = new Option<string?>("--out")
        {
            Description = $"Output folder (default: the first folder in ${ModelRegistry.EnvironmentVariable}; not the bundled models/ folder)",
        };
        var command = new Command("int8", "Write <id>-int8.onnx, an int8 (QDQ) variant calibrated on the lab's images, with its card")
        {
            id, calibrate, images, outDir,
        };
        command.SetAction(async (parse, _) =>
        {
            var registry = EngineContext.CreateMethodCatalog().Registry;
            string sourceId = parse.GetValue(id)!;
            var source = registry.Find(sourceId)
                ?? throw new UsageException($"unknown model '{sourceId}'; the models on offer are: " +
                                            (registry.Models.Count == 0 ? "none" : string.Join(", ", registry.Ids)));
            if (source.Card.Inferred)
                throw new UsageException($"model '{sourceId}' has no card; write one first (see docs/model-card.md)");
            string folder = ModelOutputFolder.Resolve(parse.GetValue(outDir));
            try
            {
                var card = Int8ModelQuantizer.QuantizeFile(source, parse.GetValue(calibrate)!, parse.GetValue(images), folder, messages);
                var q = card.Quantization!;
                await messages.WriteLineAsync(
                    $"held-out PSNR ({q.HeldOutImages.Count} images): float32 {q.PsnrFloat32:F3} dB, int8 {q.PsnrInt8:F3} dB, " +
                    $"difference {q.DeltaPsnrMean:+0.000;-0.000} dB (worst image {q.DeltaPsnrWorst:+0.000;-0.000} dB)");
                await messages.WriteLineAsync($"Wrote {Path.Combine(folder, card.Id)}.onnx (sha256 {card.Sha256}) and its card");
                return ExitCodes.Completed;
            }
            catch (QuantizationException e)
            {
                throw new UsageException($"model '{sourceId}' cannot be quantised to int8: {e.Message}");
            }
        });
        return command;
    }
}

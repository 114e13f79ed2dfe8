using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Scanning;
using SemSrDashboard.Engine.Training;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Engine.Quantization;

/// <summary>The lab images an int8 variant is calibrated on and checked against, prepared exactly as an evaluation
/// prepares them (<see cref="TrainingImages"/>: decode, info-bar removal, crop, <c>INTER_AREA</c> shrink).</summary>
/// <param name="Calibration">Images whose low-resolution patches set the activation ranges.</param>
/// <param name="HeldOut">Images never used for calibration, on which the accuracy change is measured.</param>
/// <param name="Unusable">Selected images that could not be prepared, with the reason.</param>
public sealed record CalibrationSet(
    IReadOnlyList<TrainingImage> Calibration,
    IReadOnlyList<TrainingImage> HeldOut,
    IReadOnlyList<UnusableImage> Unusable)
{
    /// <summary>Every fourth selected image (the 4th, 8th, …) is held out; the last one if that leaves none.</summary>
    public const int HeldOutEvery = 4;

    /// <summary>Side of a calibration patch in low-resolution pixels (smaller where the image is smaller).</summary>
    public const int PatchSide = 64;

    /// <summary>Selects <paramref name="count"/> images spread evenly over <paramref name="folder"/>'s scan order
    /// (all of them when there are fewer), prepares them and splits them.</summary>
    /// <exception cref="QuantizationException">The folder is missing, holds no image, or fewer than two images could
    /// be prepared.</exception>
    public static CalibrationSet Prepare(string folder, int count, int scale, IImageDecoder decoder)
    {
        if (count < 2)
            throw new QuantizationException($"--images {count}: at least 2 are needed (one to calibrate, one held out)");
        DatasetScan scan;
        try
        {
            scan = DatasetScanner.Scan(folder);
        }
        catch (DirectoryNotFoundException e)
        {
            throw new QuantizationException(e.Message);
        }
        if (scan.Images.Count == 0)
            throw new QuantizationException($"calibration folder {scan.Root} holds no images ({string.Join(", ", DatasetScanner.ImageExtensions.Order())})");

        int total = scan.Images.Count, take = Math.Min(count, total);
        var selected = Enumerable.Range(0, take).Select(i => scan.Images[(int)((long)i * total / take)]).ToList();
        var (usable, unusable) = TrainingImages.PrepareAll(selected, decoder, scale, patch: 1);
        if (usable.Count < 2)
            throw new QuantizationException(
                $"calibration needs at least 2 usable images in {scan.Root}; found {usable.Count} of {selected.Count} selected" +
                (unusable.Count > 0 ? $" ({string.Join("; ", unusable.Select(u => $"{u.RelativePath}: {u.Reason}"))})" : ""));

        var heldOut = usable.Where((_, i) => (i + 1) % HeldOutEvery == 0).ToList();
        if (heldOut.Count == 0)
            heldOut.Add(usable[^1]);
        var calibration = usable.Where(image => !heldOut.Contains(image)).ToList();
        return new CalibrationSet(calibration, heldOut, unusable);
    }

    /// <summary>Up to four <see cref="PatchSide"/>² low-resolution patches per calibration image, centred at a
    /// quarter and three quarters of its width and height, as network inputs for <paramref name="card"/>.</summary>
    public IEnumerable<PlanarTensor> Patches(ModelCard card)
    {
        var input = new GrayModelInput(card);
        foreach (var image in Calibration)
        {
            var low = image.LowResolution;
            int width = Math.Min(PatchSide, low.Width), height = Math.Min(PatchSide, low.Height);
            var origins = new HashSet<(int X, int Y)>();
            foreach (int fy in new[] { 1, 3 })
            foreach (int fx in new[] { 1, 3 })
                origins.Add((Math.Clamp(low.Width * fx / 4 - width / 2, 0, low.Width - width),
                             Math.Clamp(low.Height * fy / 4 - height / 2, 0, low.Height - height)));
            foreach (var (x0, y0) in origins)
            {
                var grey = new byte[width * height];
                for (int y = 0; y < height; y++)
                    low.Pixels.AsSpan((y0 + y) * low.Width + x0, width).CopyTo(grey.AsSpan(y * width));
                var data = new float[input.Channels * grey.Length];
                input.Write(grey, data);
                yield return new PlanarTensor(data, input.Channels, height, width);
            }
        }
    }
}

using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Scanning;

namespace SemSrDashboard.Engine.Training;

/// <summary>Prepares images for training and validation with the pipeline's own stages: <see cref="IImageDecoder"/>
/// (<see cref="ImageLoader"/>), <see cref="InfoBarSetting.Auto"/>, <see cref="Degrader"/>.</summary>
public static class TrainingImages
{
    /// <summary>Loads and prepares one image.</summary>
    /// <exception cref="ImageLoadException">The file cannot be read or decoded.</exception>
    public static TrainingImage Prepare(ScannedImage image, IImageDecoder decoder, int scale)
    {
        var grey = decoder.Load(image.FullPath).Image;
        var high = Degrader.CropToMultiple(InfoBarSetting.Auto.Apply(grey), scale);
        if (high.Width == 0 || high.Height == 0)
            throw new ImageLoadException($"image too small: {grey.Width}×{grey.Height} leaves nothing at scale {scale}");
        return new TrainingImage(image.RelativePath, high, Degrader.Downscale(high, scale));
    }

    /// <summary>Prepares every image of <paramref name="images"/> and keeps those that hold at least one
    /// <paramref name="patch"/> × <paramref name="patch"/> low-resolution patch; the others are returned with the
    /// reason.</summary>
    public static (IReadOnlyList<TrainingImage> Usable, IReadOnlyList<UnusableImage> Unusable) PrepareAll(
        IReadOnlyList<ScannedImage> images, IImageDecoder decoder, int scale, int patch)
    {
        var usable = new List<TrainingImage>();
        var unusable = new List<UnusableImage>();
        foreach (var image in images)
        {
            TrainingImage prepared;
            try
            {
                prepared = Prepare(image, decoder, scale);
            }
            catch (Exception e) when (e is ImageLoadException or InfoBarException)
            {
                unusable.Add(new UnusableImage(image.RelativePath, e.Message));
                continue;
            }
            var low = prepared.LowResolution;
            if (low.Width < patch || low.Height < patch)
                unusable.Add(new UnusableImage(image.RelativePath,
                    $"no {patch}×{patch} patch fits: {low.Width}×{low.Height} pixels after info-bar removal and shrinking ×{scale}"));
            else
                usable.Add(prepared);
        }
        return (usable, unusable);
    }
}

using System.Diagnostics;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Evaluation;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;
using SemSrDashboard.Engine.Storage;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Engine.Evaluation.Seed;

/// <summary>The original study's computation (<c>--protocol seed</c>), kept so its numbers can be reproduced and
/// compared with the corrected method: RGB uint8 loading, no info-bar removal, images wider than 1050 px shrunk to
/// 1024, INTER_AREA degradation on RGB, upsampled output kept as unclipped, unrounded float RGB, and scikit-image
/// 0.19's <c>peak_signal_noise_ratio</c> and <c>structural_similarity(win_size=3)</c> on the H×W×3 arrays
/// (see <see cref="SeedMetrics"/>). <c>ssim_skimage</c> is not part of that protocol and stays empty.</summary>
public sealed class SeedImageEvaluator(RunSettings settings, IReadOnlyList<IUpsampler> upsamplers) : IImageEvaluator
{
    public ImageEvaluation Evaluate(ImageRecord image, IReadOnlySet<string> methods, CancellationToken cancellation = default)
    {
        RgbImage reference, lowResolution;
        try
        {
            var (rgb, grey) = SeedImageLoader.Load(Path.Combine(settings.DataRoot, image.RelativePath));
            image.SourceWidth = rgb.Width;
            image.SourceHeight = rgb.Height;
            image.SourceBitDepth = grey.SourceBitDepth;
            image.NearlyBlack = grey.NearlyBlack;
            image.InfoBarRows = 0;
            reference = SeedImageLoader.ResizeAndCrop(rgb, settings.Scale);
            int minimum = Degrader.MinimumSide(settings.Scale);
            if (reference.Width < minimum || reference.Height < minimum)
                throw new BadImageException(
                    $"image too small: {reference.Width}×{reference.Height} px after cropping, at least {minimum}×{minimum} needed at scale {settings.Scale}");
            image.Width = reference.Width;
            image.Height = reference.Height;
            lowResolution = SeedImageLoader.Downscale(reference, settings.Scale);
        }
        catch (Exception e) when (e is ImageLoadException or BadImageException)
        {
            return new ImageEvaluation(image, ImageEvaluator.FailAll(image, methods, e.Message));
        }

        var results = new List<ResultRecord>();
        foreach (var upsampler in upsamplers.Where(u => methods.Contains(u.Id)))
        {
            cancellation.ThrowIfCancellationRequested();
            results.Add(Measure(image, reference, lowResolution, upsampler));
        }
        return new ImageEvaluation(image, results);
    }

    private ResultRecord Measure(ImageRecord image, RgbImage reference, RgbImage lowResolution, IUpsampler upsampler)
    {
        var result = ImageEvaluator.NewResult(image, upsampler.Id);
        if (upsampler is not ISeedUpsampler seed || upsampler is SerializedUpsampler { Inner: not ISeedUpsampler })
        {
            result.Error = $"{upsampler.Id} does not support the seed protocol (it needs RGB float output)";
            return result;
        }
        try
        {
            var clock = Stopwatch.StartNew();
            float[] output = seed.UpsampleRgb(lowResolution.Pixels, lowResolution.Width, lowResolution.Height, settings.Scale);
            result.Milliseconds = clock.Elapsed.TotalMilliseconds;
            result.Psnr = SeedMetrics.Psnr(reference.Pixels, output, reference.Width, reference.Height);
            result.Ssim = SeedMetrics.Ssim(reference.Pixels, output, reference.Width, reference.Height);
            result.Status = ResultStatus.Ok;
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            result.Error = $"{upsampler.Id} failed: {e.Message}";
        }
        return result;
    }
}

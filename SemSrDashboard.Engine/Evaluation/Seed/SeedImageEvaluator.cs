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
    public ImageEvaluation Evaluate(StoredImage image, IReadOnlySet<string> methods, CancellationToken cancellation = default)
    {
        RgbImage reference, lowResolution;
        try
        {
            var (rgb, grey) = SeedImageLoader.Load(Path.Combine(settings.DataRoot, image.RelativePath));
            image = image with
            {
                SourceWidth = rgb.Width,
                SourceHeight = rgb.Height,
                SourceBitDepth = grey.SourceBitDepth,
                NearlyBlack = grey.NearlyBlack,
                InfoBarRows = 0,
            };
            reference = SeedImageLoader.ResizeAndCrop(rgb, settings.Scale);
            int minimum = Degrader.MinimumSide(settings.Scale);
            if (reference.Width < minimum || reference.Height < minimum)
                throw new BadImageException(
                    $"image too small: {reference.Width}×{reference.Height} px after cropping, at least {minimum}×{minimum} needed at scale {settings.Scale}");
            image = image with { Width = reference.Width, Height = reference.Height };
            lowResolution = SeedImageLoader.Downscale(reference, settings.Scale);
        }
        catch (Exception e) when (e is ImageLoadException or BadImageException)
        {
            return new ImageEvaluation(image, ImageEvaluator.FailAll(methods, e.Message));
        }

        var results = new List<MethodScore>();
        foreach (var upsampler in upsamplers.Where(u => methods.Contains(u.Id)))
        {
            cancellation.ThrowIfCancellationRequested();
            results.Add(Measure(reference, lowResolution, upsampler));
        }
        return new ImageEvaluation(image, results);
    }

    private MethodScore Measure(RgbImage reference, RgbImage lowResolution, IUpsampler upsampler)
    {
        var result = ImageEvaluator.NewScore(upsampler.Id);
        if (upsampler is not ISeedUpsampler seed || upsampler is SerializedUpsampler { Inner: not ISeedUpsampler })
            return result with { Error = $"{upsampler.Id} does not support the seed protocol (it needs RGB float output)" };
        try
        {
            var clock = Stopwatch.StartNew();
            float[] output = seed.UpsampleRgb(lowResolution.Pixels, lowResolution.Width, lowResolution.Height, settings.Scale);
            result = result with { Milliseconds = clock.Elapsed.TotalMilliseconds };
            result = result with { Psnr = SeedMetrics.Psnr(reference.Pixels, output, reference.Width, reference.Height) };
            result = result with { Ssim = SeedMetrics.Ssim(reference.Pixels, output, reference.Width, reference.Height) };
            return result with { Status = ResultStatus.Ok };
        }
        catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
        {
            // A failure after the upsampling keeps what was measured before it, as a failed score.
            return result with { Error = $"{upsampler.Id} failed: {e.Message}" };
        }
    }
}

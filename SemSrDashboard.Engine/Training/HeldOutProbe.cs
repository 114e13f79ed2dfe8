using Microsoft.ML.OnnxRuntime;
using SemSrDashboard.Engine.Domain;
using SemSrDashboard.Engine.Imaging;
using SemSrDashboard.Engine.Metrics;
using SemSrDashboard.Engine.Models;
using SemSrDashboard.Engine.Scanning;
using SemSrDashboard.Engine.Upsampling;

namespace SemSrDashboard.Engine.Training;

/// <summary>Measures how the current weights do on the held-out images, as an evaluation would: the weights are
/// written as ONNX, run by ONNX Runtime through the product's <see cref="OnnxUpsampler"/> on each whole held-out image
/// (prepared as in training), and scored with <see cref="Psnr"/>. Reporting only: nothing it measures reaches the
/// training. The held-out images are read on the first measurement, never before.</summary>
public sealed class HeldOutProbe
{
    private readonly IReadOnlyList<ScannedImage> _heldOut;
    private readonly IImageDecoder _decoder;
    private readonly ModelCard _card;
    private List<TrainingImage>? _images;

    public HeldOutProbe(IReadOnlyList<ScannedImage> heldOut, IImageDecoder decoder, ModelCard card)
    {
        _heldOut = heldOut;
        _decoder = decoder;
        _card = card;
    }

    /// <summary>Mean PSNR in dB over the held-out images that could be prepared (NaN when none could).</summary>
    public double MeanPsnr(byte[] onnx)
    {
        _images ??= Prepare();
        if (_images.Count == 0)
            return double.NaN;
        using var options = ExecutionProviders.CpuOptions();
        var session = new OnnxModelSession(new InferenceSession(onnx, options), Devices.CpuProvider, "(weights in training)");
        using var upsampler = new OnnxUpsampler(_card, session);
        return _images.Average(image =>
            Psnr.Compute(image.HighResolution, upsampler.Upsample(image.LowResolution, _card.Scale)));
    }

    private List<TrainingImage> Prepare()
    {
        var prepared = new List<TrainingImage>();
        foreach (var image in _heldOut)
        {
            try
            {
                var candidate = TrainingImages.Prepare(image, _decoder, _card.Scale);
                int minimum = Degrader.MinimumSide(_card.Scale);
                if (candidate.HighResolution.Width >= minimum && candidate.HighResolution.Height >= minimum)
                    prepared.Add(candidate);
            }
            catch (Exception e) when (e is ImageLoadException or InfoBarException)
            {
                // An image an evaluation would report as failed is left out of the mean as well.
            }
        }
        return prepared;
    }
}

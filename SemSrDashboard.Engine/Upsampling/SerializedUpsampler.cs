using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Upsampling;

/// <summary>Lets one caller at a time into an upsampler that is not thread-safe (e.g. a model session whose
/// provider runs one inference at a time), so other workers keep decoding and measuring meanwhile.</summary>
public sealed class SerializedUpsampler(IUpsampler inner) : IUpsampler, ISeedUpsampler
{
    private readonly Lock _gate = new();

    public IUpsampler Inner => inner;

    public string Id => inner.Id;
    public bool IsInterpolation => inner.IsInterpolation;
    public bool IsThreadSafe => true;

    public GrayImage Upsample(GrayImage lowResolution, int scale)
    {
        lock (_gate)
            return inner.Upsample(lowResolution, scale);
    }

    public float[] UpsampleRgb(byte[] lowResolutionRgb, int width, int height, int scale)
    {
        if (inner is not ISeedUpsampler seed)
            throw new NotSupportedException($"{inner.Id} does not support the seed protocol");
        lock (_gate)
            return seed.UpsampleRgb(lowResolutionRgb, width, height, scale);
    }

    public void Dispose() => inner.Dispose();
}

/// <summary>An upsampler that runs on an execution provider (CPU, CUDA) worth recording with the run.</summary>
public interface IReportsProvider
{
    string Provider { get; }
}

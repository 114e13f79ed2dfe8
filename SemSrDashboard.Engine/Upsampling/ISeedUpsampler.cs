namespace SemSrDashboard.Engine.Upsampling;

/// <summary>Upsampling as the original study's code did it (the <c>seed</c> protocol): RGB in, float RGB out on the
/// 0–255 scale, neither clipped nor rounded.</summary>
public interface ISeedUpsampler
{
    /// <param name="lowResolutionRgb">Interleaved (HWC) RGB bytes, <paramref name="width"/> × <paramref name="height"/>.</param>
    /// <returns>Interleaved RGB floats of (width·scale) × (height·scale) pixels.</returns>
    float[] UpsampleRgb(byte[] lowResolutionRgb, int width, int height, int scale);
}

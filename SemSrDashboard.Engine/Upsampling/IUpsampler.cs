using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Engine.Upsampling;

/// <summary>Stage 5 of the pipeline: enlarges a low-resolution grey image by an integer scale.</summary>
/// <remarks>Implementations must be safe to call from several threads unless <see cref="IsThreadSafe"/> is false,
/// in which case the caller serialises calls.</remarks>
public interface IUpsampler : IDisposable
{
    /// <summary>The method id used on the command line, in results and in the CSV (e.g. <c>bicubic</c>).</summary>
    string Id { get; }

    /// <summary>True for classical interpolation (cheap, recomputed on demand), false for learned models.</summary>
    bool IsInterpolation { get; }

    bool IsThreadSafe { get; }

    /// <summary>Returns an image of exactly (lr.Width·scale) × (lr.Height·scale) pixels.</summary>
    GrayImage Upsample(GrayImage lowResolution, int scale);
}

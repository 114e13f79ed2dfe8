namespace SemSrDashboard.Engine.Inspection;

/// <summary>The images the inspector renders for one image of a run. <see cref="Output"/>, <see cref="Difference"/>
/// and <see cref="Ssim"/> also name a method of the run.</summary>
public static class ImageVariant
{
    /// <summary>The reference exactly as measured: info bar removed, cropped to a multiple of the scale.</summary>
    public const string Original = "original";
    /// <summary>The degraded low-resolution input, enlarged by pixel repetition to the reference's size for display.</summary>
    public const string LowResolution = "lr";
    /// <summary>A method's output: a model's stored PNG, or recomputed (interpolations; models whose output was not kept).</summary>
    public const string Output = "output";
    /// <summary>|original − output| as a colour map (see <see cref="MapRenderer"/>).</summary>
    public const string Difference = "diff";
    /// <summary>The SSIM map of the output against the original as a colour map.</summary>
    public const string Ssim = "ssim";
    /// <summary>The rows removed from the bottom of the file as the instrument's info bar.</summary>
    public const string InfoBar = "infobar";
    /// <summary>A small version of the original (of a stored output when the source is missing).</summary>
    public const string Thumbnail = "thumbnail";

    public const int ThumbnailSide = 160;

    public static bool NeedsMethod(string variant) => variant is Output or Difference or Ssim;

    public static bool IsKnown(string variant) => variant is Original or LowResolution or Output or Difference or Ssim or InfoBar or Thumbnail;
}

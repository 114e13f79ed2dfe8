namespace SemSrDashboard.Engine.Imaging;

/// <summary>How the bottom data strip of an image is handled.</summary>
public enum InfoBarMode
{
    /// <summary>Detect the strip with <see cref="InfoBarDetector"/>.</summary>
    Auto,

    /// <summary>Keep every row.</summary>
    None,

    /// <summary>Remove a fixed number of rows.</summary>
    Fixed,
}

namespace SemSrDashboard.Engine.Imaging;

/// <summary>The info-bar setting cannot be applied to an image (e.g. a fixed strip at least as high as the image);
/// the caller reports the image as failed with this message.</summary>
public sealed class InfoBarException(string message) : Exception(message);

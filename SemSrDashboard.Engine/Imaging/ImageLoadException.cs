namespace SemSrDashboard.Engine.Imaging;

/// <summary>A file that cannot be turned into an image; the message is shown to the user.</summary>
public sealed class ImageLoadException(string message, Exception? inner = null) : Exception(message, inner);

namespace SemSrDashboard.Engine.Imaging;

/// <summary>Turns a file into an image; the seam where a test injects faults.</summary>
public interface IImageDecoder
{
    /// <exception cref="ImageLoadException">The file cannot be read or decoded.</exception>
    LoadedImage Load(string path);
}

/// <summary>Decodes files from disk with <see cref="ImageLoader"/>.</summary>
public sealed class FileImageDecoder : IImageDecoder
{
    public static readonly FileImageDecoder Instance = new();

    public LoadedImage Load(string path) => ImageLoader.Load(path);
}

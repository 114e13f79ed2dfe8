namespace SemSrDashboard.Engine.Imaging;

/// <summary>An 8-bit RGB image, interleaved (HWC) in row-major order.</summary>
public sealed class RgbImage
{
    public RgbImage(int width, int height, byte[] pixels)
    {
        if (pixels.Length != (long)width * height * 3)
            throw new ArgumentException($"Expected {width * (long)height * 3} bytes, got {pixels.Length}.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }
}

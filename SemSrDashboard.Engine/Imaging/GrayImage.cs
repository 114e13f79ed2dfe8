namespace SemSrDashboard.Engine.Imaging;

/// <summary>An 8-bit single-channel image in row-major order (row stride = width).</summary>
public sealed class GrayImage
{
    public GrayImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(width);
        ArgumentOutOfRangeException.ThrowIfNegative(height);
        if (pixels.Length != (long)width * height)
            throw new ArgumentException($"Expected {width * (long)height} pixels, got {pixels.Length}.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public GrayImage(int width, int height) : this(width, height, new byte[checked(width * height)]) { }

    public int Width { get; }
    public int Height { get; }
    public byte[] Pixels { get; }

    public byte this[int x, int y] => Pixels[y * Width + x];

    public ReadOnlySpan<byte> Row(int y) => Pixels.AsSpan(y * Width, Width);
}

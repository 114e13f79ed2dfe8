namespace SemSrDashboard.Engine.Inspection;

/// <summary>An 8-bit colour image in OpenCV's channel order: BGR (3 channels) or BGRA (4 channels), row-major.</summary>
public sealed class ColorImage
{
    public ColorImage(int width, int height, int channels)
    {
        if (channels is not (3 or 4))
            throw new ArgumentOutOfRangeException(nameof(channels), channels, "3 (BGR) or 4 (BGRA) channels");
        Width = width;
        Height = height;
        Channels = channels;
        Pixels = new byte[checked(width * height * channels)];
    }

    public int Width { get; }
    public int Height { get; }
    public int Channels { get; }
    public byte[] Pixels { get; }

    public void Set(int x, int y, (byte R, byte G, byte B) colour, byte alpha = 255)
    {
        int i = (y * Width + x) * Channels;
        Pixels[i] = colour.B;
        Pixels[i + 1] = colour.G;
        Pixels[i + 2] = colour.R;
        if (Channels == 4)
            Pixels[i + 3] = alpha;
    }
}

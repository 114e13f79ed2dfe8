using System.Runtime.Intrinsics;
using OpenCvSharp;

namespace SemSrDashboard.Engine.Imaging;

/// <summary>A decoded image together with what the decoder saw in the file.</summary>
/// <param name="Image">8-bit grey pixels, exactly as OpenCV's <c>IMREAD_GRAYSCALE</c> yields them.</param>
/// <param name="SourceBitDepth">8 or 16: the sample depth stored in the file.</param>
/// <param name="SourceChannels">Channels stored in the file (palette images decode as 3).</param>
/// <param name="NearlyBlack">True when a 16-bit file keeps its data in the low byte, so the 8-bit grey image is
/// (almost) all zero: OpenCV takes the high byte of 16-bit samples.</param>
public sealed record LoadedImage(GrayImage Image, int SourceBitDepth, int SourceChannels, bool NearlyBlack);

/// <summary>Stage 2 of the pipeline: decode a file into 8-bit grey with OpenCV.</summary>
public static class ImageLoader
{
    // OpenCV prints a warning line for every unknown TIFF tag of instrument files (e.g. FEI/Zeiss metadata tags);
    // decoding problems still surface as exceptions or empty images, reported per image.
    static ImageLoader() => Cv2.SetLogLevel(LogLevel.ERROR);

    /// <summary>Largest image accepted by default: 2^28 pixels (16384 × 16384). Override with the environment
    /// variable <c>SEMSR_MAX_IMAGE_PIXELS</c>.</summary>
    public static readonly long DefaultMaxPixels =
        long.TryParse(Environment.GetEnvironmentVariable("SEMSR_MAX_IMAGE_PIXELS"), out long configured) && configured > 0
            ? configured
            : 1L << 28;

    /// <summary>Decodes <paramref name="path"/> as OpenCV's <c>IMREAD_GRAYSCALE</c> does (16-bit → high byte,
    /// colour and palette → OpenCV's BT.601 grey).</summary>
    /// <exception cref="ImageLoadException">The file cannot be read or decoded.</exception>
    public static LoadedImage Load(string path) => Load(path, DefaultMaxPixels);

    /// <inheritdoc cref="Load(string)"/>
    /// <param name="maxPixels">Files whose header claims more pixels are refused before decoding.</param>
    public static LoadedImage Load(string path, long maxPixels)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ImageLoadException($"cannot read file: {e.Message}", e);
        }
        return Decode(bytes, maxPixels);
    }

    /// <summary>Decodes an encoded image held in memory; see <see cref="Load(string)"/>.</summary>
    public static LoadedImage Decode(byte[] encoded) => Decode(encoded, DefaultMaxPixels);

    /// <inheritdoc cref="Decode(byte[])"/>
    public static LoadedImage Decode(byte[] encoded, long maxPixels)
    {
        if (encoded.Length == 0)
            throw new ImageLoadException("file is empty (0 bytes)");
        if (ImageHeader.ReadSize(encoded) is var (width, height) && width * height > maxPixels)
            throw new ImageLoadException(
                $"image too large: the header claims {width}×{height} pixels, more than the limit of {maxPixels:N0} (SEMSR_MAX_IMAGE_PIXELS)");

        using var unchanged = DecodeOrNull(encoded, ImreadModes.Unchanged)
            ?? throw new ImageLoadException("not a decodable image: corrupt, truncated or not an image at all (OpenCV could not decode it)");
        int depth = unchanged.Depth() == MatType.CV_16U ? 16 : 8;
        int channels = unchanged.Channels();

        var image = Grey(unchanged, encoded);
        bool nearlyBlack = depth == 16 && IsNearlyBlack(image);
        return new LoadedImage(image, depth, channels, nearlyBlack);
    }

    /// <summary>What OpenCV's grayscale decode gives for the file, taken from its unchanged decode where that is the
    /// same thing, so that the file need not be decoded a second time (decoding is most of an interpolation run's
    /// time): single-channel data from a PNG without an <c>eXIf</c> chunk or from a TIFF, 8-bit as it is and 16-bit
    /// by its high byte (libpng's and OpenCV's TIFF reader's 16 → 8 bits). Grayscale decoding differs from unchanged
    /// decoding only in that conversion and where OpenCV turns the image by an EXIF orientation, which it reads
    /// from JPEG and from PNG's <c>eXIf</c> chunk, never for an unchanged decode. Every other file (colour, palette,
    /// JPEG, BMP, …) is decoded again as grey.</summary>
    private static GrayImage Grey(Mat unchanged, byte[] encoded)
    {
        bool convertsOnly = ImageHeader.IsTiff(encoded) || ImageHeader.IsPng(encoded) && !ImageHeader.PngHasExif(encoded);
        if (convertsOnly && unchanged.Type() == MatType.CV_8UC1)
            return ToGrayImage(unchanged);
        if (convertsOnly && unchanged.Type() == MatType.CV_16UC1 && unchanged.IsContinuous())
            return HighBytes(unchanged);
        return DecodeGrey(encoded);
    }

    /// <summary>The high byte of every sample of a continuous CV_16UC1 Mat.</summary>
    private static unsafe GrayImage HighBytes(Mat sixteenBit)
    {
        var image = new GrayImage(sixteenBit.Width, sixteenBit.Height);
        var samples = new ReadOnlySpan<ushort>((void*)sixteenBit.Data, image.Pixels.Length);
        var grey = image.Pixels.AsSpan();
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i <= samples.Length - 2 * Vector256<ushort>.Count; i += 2 * Vector256<ushort>.Count)
            {
                var low = Vector256.ShiftRightLogical(Vector256.Create(samples.Slice(i, Vector256<ushort>.Count)), 8);
                var high = Vector256.ShiftRightLogical(Vector256.Create(samples.Slice(i + Vector256<ushort>.Count, Vector256<ushort>.Count)), 8);
                Vector256.Narrow(low, high).CopyTo(grey.Slice(i));
            }
        }
        for (; i < samples.Length; i++)
            grey[i] = (byte)(samples[i] >> 8);
        return image;
    }

    private static GrayImage DecodeGrey(byte[] encoded)
    {
        using var grey = DecodeOrNull(encoded, ImreadModes.Grayscale)
            ?? throw new ImageLoadException("not a decodable image: corrupt, truncated or not an image at all (OpenCV could not decode it as grey)");
        return ToGrayImage(grey);
    }

    /// <summary>Copies a single-channel 8-bit Mat into a <see cref="GrayImage"/>.</summary>
    public static GrayImage ToGrayImage(Mat mat)
    {
        if (mat.Type() != MatType.CV_8UC1)
            throw new ArgumentException($"Expected CV_8UC1, got {mat.Type()}.", nameof(mat));
        int width = mat.Width, height = mat.Height;
        var image = new GrayImage(width, height);
        if (mat.IsContinuous())
        {
            System.Runtime.InteropServices.Marshal.Copy(mat.Data, image.Pixels, 0, image.Pixels.Length);
        }
        else
        {
            for (int y = 0; y < height; y++)
                System.Runtime.InteropServices.Marshal.Copy(mat.Ptr(y), image.Pixels, y * width, width);
        }
        return image;
    }

    /// <summary>Wraps a <see cref="GrayImage"/> in a new CV_8UC1 Mat (copy).</summary>
    public static Mat ToMat(GrayImage image)
    {
        var mat = new Mat(image.Height, image.Width, MatType.CV_8UC1);
        System.Runtime.InteropServices.Marshal.Copy(image.Pixels, 0, mat.Data, image.Pixels.Length);
        return mat;
    }

    private static Mat? DecodeOrNull(byte[] encoded, ImreadModes mode)
    {
        Mat mat;
        try
        {
            mat = Cv2.ImDecode(encoded, mode);
        }
        catch (OpenCVException)
        {
            return null;
        }
        if (mat.Empty())
        {
            mat.Dispose();
            return null;
        }
        return mat;
    }

    // 16-bit data written into the low byte becomes 0 after OpenCV's >> 8; allow a sprinkle of noise.
    private static bool IsNearlyBlack(GrayImage image)
    {
        long nonZero = 0;
        foreach (byte b in image.Pixels)
            if (b > 1) nonZero++;
        return nonZero < image.Pixels.Length / 1000 + 1;
    }
}

using System.Buffers.Binary;
using OpenCvSharp;
using SemSrDashboard.Engine.Imaging;

namespace SemSrDashboard.Tests.Security;

public class DecompressionBombTests
{
    public static TheoryData<string> Formats() => [".png", ".tif", ".jpg", ".bmp"];

    [Theory]
    [MemberData(nameof(Formats))]
    public void Header_size_equals_the_decoded_size(string extension)
    {
        byte[] encoded = Encode(extension, width: 37, height: 23);

        var size = ImageHeader.ReadSize(encoded);

        Assert.Equal((37L, 23L), size);
        var decoded = ImageLoader.Decode(encoded).Image;
        Assert.Equal((37, 23), (decoded.Width, decoded.Height));
    }

    [Fact]
    public void Header_size_of_every_committed_png_fixture_matches_its_pixels()
    {
        var files = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Fixtures"), "*.png", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (string file in files)
        {
            byte[] bytes = File.ReadAllBytes(file);
            var image = ImageLoader.Decode(bytes).Image;
            Assert.Equal((image.Width, (long)image.Height), ((long)image.Width, ImageHeader.ReadSize(bytes)!.Value.Height));
            Assert.Equal(image.Width, ImageHeader.ReadSize(bytes)!.Value.Width);
        }
    }

    [Fact]
    public void A_png_claiming_100000_by_100000_pixels_is_refused_before_decoding()
    {
        byte[] png = Encode(".png", 16, 16);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(16), 100_000);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(20), 100_000);

        var error = Assert.Throws<ImageLoadException>(() => ImageLoader.Decode(png));

        Assert.Contains("100000×100000", error.Message);
        Assert.Contains("too large", error.Message);
    }

    [Fact]
    public void A_tiff_claiming_100000_by_100000_pixels_is_refused_before_decoding()
    {
        byte[] tiff = Encode(".tif", 16, 16);
        PatchTiffSize(tiff, 100_000, 100_000);

        Assert.Equal((100_000L, 100_000L), ImageHeader.ReadSize(tiff));
        var error = Assert.Throws<ImageLoadException>(() => ImageLoader.Decode(tiff));
        Assert.Contains("too large", error.Message);
    }

    [Fact]
    public void The_pixel_limit_is_configurable()
    {
        byte[] png = Encode(".png", 64, 64);

        Assert.Throws<ImageLoadException>(() => ImageLoader.Decode(png, maxPixels: 64 * 64 - 1));
        Assert.Equal(64, ImageLoader.Decode(png, maxPixels: 64 * 64).Image.Width);
    }

    [Fact]
    public void Truncated_or_unknown_headers_give_no_size()
    {
        Assert.Null(ImageHeader.ReadSize([]));
        Assert.Null(ImageHeader.ReadSize("not an image at all"u8));
        Assert.Null(ImageHeader.ReadSize(Encode(".png", 8, 8).AsSpan(0, 12)));
        Assert.Null(ImageHeader.ReadSize(Encode(".tif", 8, 8).AsSpan(0, 9)));
    }

    private static byte[] Encode(string extension, int width, int height)
    {
        using var mat = new Mat(height, width, MatType.CV_8UC1);
        Cv2.Randu(mat, 0, 255);
        return mat.ImEncode(extension);
    }

    // Rewrites ImageWidth (256) and ImageLength (257) in the first IFD of a little-endian TIFF as LONG values.
    internal static void PatchTiffSize(byte[] tiff, uint width, uint height)
    {
        Assert.Equal((byte)'I', tiff[0]);
        int ifd = (int)BinaryPrimitives.ReadUInt32LittleEndian(tiff.AsSpan(4));
        int entries = BinaryPrimitives.ReadUInt16LittleEndian(tiff.AsSpan(ifd));
        for (int e = 0; e < entries; e++)
        {
            int at = ifd + 2 + 12 * e;
            ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(tiff.AsSpan(at));
            if (tag is not (256 or 257))
                continue;
            BinaryPrimitives.WriteUInt16LittleEndian(tiff.AsSpan(at + 2), 4); // LONG
            BinaryPrimitives.WriteUInt32LittleEndian(tiff.AsSpan(at + 8), tag == 256 ? width : height);
        }
    }
}
